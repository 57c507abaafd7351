import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * One detector subprocess: spawned from an argv array (never a shell), with
 * its stdout cut into lines under a size limit and its stderr cut into log
 * lines. It knows nothing of items; the pool (exec.ts) does.
 *
 * The process leads its own process group and is always killed as a group:
 * a wrapper (`bash -c 'python3 det.py; true'`) whose own child hangs or
 * ignores EOF would otherwise outlive the kill, hold the pipes open and keep
 * the run alive forever.
 */
export interface ProcessHooks {
  /** A complete stdout line (without the newline), within the size limit. */
  onLine(line: string): void;
  /** A stdout line longer than the limit: its first 4,096 characters and its full size in bytes. */
  onOversize(head: string, bytes: number): void;
  /** Called after each stdout chunk is handled (lets the pool write more work in one go). */
  onChunkDone(): void;
  onStderr(line: string): void;
  /** Once, when the process is gone and its stdout fully read; `reason` says how it ended. */
  onGone(reason: string): void;
}

export interface SpawnOptions {
  command: readonly string[];
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  maxLineBytes: number;
}

const HEAD_CHARS = 4096;
/** After the direct child exits, how long its stdio may stay open (held by a process that left its group) before we stop reading. */
const ORPHAN_PIPE_MS = 1000;
const GROUPS = process.platform !== 'win32';

/** Every process not yet gone: killed as groups when the CLI exits, a forced exit on a second signal included. */
const live = new Set<DetectorProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Detached children no longer get the terminal's Ctrl-C: whoever exits must take them along.
  process.on('exit', () => {
    for (const p of live) p.killGroup('SIGKILL');
  });
}
/** A stderr line this long is logged as is, so a detector cannot fill memory through stderr. */
const MAX_LOG_LINE = 64 * 1024;

export class DetectorProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Why the pool killed it, if it did (shown instead of "killed by SIGKILL"). */
  killReason?: string;
  private partial = '';
  private oversizeBytes = -1;
  private head = '';
  private errPartial = '';
  private gone = false;

  constructor(options: SpawnOptions, private readonly hooks: ProcessHooks) {
    const [file, ...args] = options.command;
    this.child = spawn(file, args, {
      cwd: options.cwd,
      // Python block-buffers a piped stdout; unbuffered output keeps the pipeline moving.
      env: { ...process.env, PYTHONUNBUFFERED: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
      detached: GROUPS,
    });
    installExitHook();
    live.add(this);
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onStdout(chunk, options.maxLineBytes));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (text: string) => this.onStderr(text));
    // A process that exits reads no more; its closed pipe must not throw.
    this.child.stdin.on('error', () => undefined);
    this.child.on('error', (error) => {
      // Spawn failures (ENOENT, EACCES) may come without a 'close'.
      if (this.child.pid === undefined) this.finish(`could not start: ${error.message}`);
    });
    this.child.on('exit', () => {
      // Whatever it left behind in its group would hold the pipes: the detector is gone, so are they.
      this.killGroup('SIGKILL');
      // A process that left the group (setsid, a daemon) can still hold them: stop waiting after a while.
      setTimeout(() => {
        if (!this.gone) for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) stream.destroy();
      }, ORPHAN_PIPE_MS).unref();
    });
    this.child.on('close', (code, signal) => {
      this.flushStderr();
      this.finish(this.killReason ?? (signal ? `was killed by ${signal}` : `exited with code ${code}`));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.gone;
  }

  write(data: string | Buffer): void {
    if (!this.gone && this.child.stdin.writable) this.child.stdin.write(data);
  }

  kill(reason: string): void {
    if (this.gone) return;
    this.killReason ??= reason;
    this.killGroup('SIGKILL');
  }

  /** Signals the process's whole group (the detector and anything it started); never throws. */
  killGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (GROUPS) process.kill(-pid, signal);
      else this.child.kill(signal);
    } catch {
      // ESRCH: the group is already empty. The direct child may still need reaping.
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    }
  }

  /** Closes stdin (a well-behaved detector exits on EOF), then kills the group after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    if (this.gone) return;
    this.killReason ??= 'was stopped';
    const closed = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.killGroup('SIGKILL'), graceMs);
    await closed;
    clearTimeout(timer);
  }

  private finish(reason: string): void {
    if (this.gone) return;
    this.gone = true;
    live.delete(this);
    this.hooks.onGone(reason);
  }

  /**
   * Cuts decoded stdout into lines. Decoding whole chunks and splitting
   * strings is several times faster than scanning buffers line by line,
   * which matters at tens of thousands of answers a second.
   */
  private onStdout(chunk: string, max: number): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl === -1) {
        this.append(chunk.slice(start), max);
        break;
      }
      if (this.partial === '' && this.oversizeBytes < 0) this.emit(chunk.slice(start, nl), max);
      else {
        this.append(chunk.slice(start, nl), max);
        this.endLine(max);
      }
      start = nl + 1;
    }
    this.hooks.onChunkDone();
  }

  private append(piece: string, max: number): void {
    if (piece === '') return;
    if (this.oversizeBytes >= 0) {
      this.oversizeBytes += Buffer.byteLength(piece);
      return;
    }
    this.partial += piece;
    if (this.partial.length > max) {
      // Keep only the head (for the id); count and drop the rest of the line.
      this.head = this.partial.slice(0, HEAD_CHARS);
      this.oversizeBytes = Buffer.byteLength(this.partial);
      this.partial = '';
    }
  }

  private endLine(max: number): void {
    if (this.oversizeBytes >= 0) {
      const bytes = this.oversizeBytes;
      this.oversizeBytes = -1;
      this.hooks.onOversize(this.head, bytes);
      this.head = '';
      return;
    }
    const line = this.partial;
    this.partial = '';
    this.emit(line, max);
  }

  private emit(raw: string, max: number): void {
    // A UTF-16 unit is at most 3 UTF-8 bytes: count bytes only when it could matter.
    if (raw.length > max || (raw.length * 3 > max && Buffer.byteLength(raw) > max)) {
      this.hooks.onOversize(raw.slice(0, HEAD_CHARS), Buffer.byteLength(raw));
      return;
    }
    const line = raw.trim();
    if (line !== '') this.hooks.onLine(line);
  }

  private onStderr(text: string): void {
    this.errPartial += text;
    let nl = this.errPartial.indexOf('\n');
    while (nl !== -1) {
      this.hooks.onStderr(this.errPartial.slice(0, nl).replace(/\r$/, ''));
      this.errPartial = this.errPartial.slice(nl + 1);
      nl = this.errPartial.indexOf('\n');
    }
    if (this.errPartial.length > MAX_LOG_LINE) this.flushStderr();
  }

  private flushStderr(): void {
    if (this.errPartial !== '') this.hooks.onStderr(this.errPartial);
    this.errPartial = '';
  }
}
