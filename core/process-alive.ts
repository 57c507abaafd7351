/**
 * Whether a process with this pid exists: the test every pid-file lock in
 * the project uses to tell a live holder from one that died (run and dataset
 * directories, cache builds, a build's temporary files).
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
