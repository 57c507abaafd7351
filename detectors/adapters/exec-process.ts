import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * One detector subprocess: spawned from an argv array (never a shell), with
 * its stdout cut into lines under a size limit and its stderr cut into log
 * lines. It knows nothing of items; the pool (exec.ts) does.
 */
export interface ProcessHooks {
  /** A complete stdout line (without the newline), within the size limit. */
  onLine(line: string): void;
  /** A stdout line longer than the limit: its first 4 KiB and its full size. */
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

const HEAD_BYTES = 4096;
/** A stderr line this long is logged as is, so a detector cannot fill memory through stderr. */
const MAX_LOG_LINE = 64 * 1024;

export class DetectorProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Why the pool killed it, if it did (shown instead of "killed by SIGKILL"). */
  killReason?: string;
  private parts: Buffer[] = [];
  private partBytes = 0;
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
    });
    this.child.stdout.on('data', (chunk: Buffer) => this.onStdout(chunk, options.maxLineBytes));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (text: string) => this.onStderr(text));
    // A process that exits reads no more; its closed pipe must not throw.
    this.child.stdin.on('error', () => undefined);
    this.child.on('error', (error) => {
      // Spawn failures (ENOENT, EACCES) may come without a 'close'.
      if (this.child.pid === undefined) this.finish(`could not start: ${error.message}`);
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

  write(data: string): void {
    if (!this.gone && this.child.stdin.writable) this.child.stdin.write(data);
  }

  kill(reason: string): void {
    if (this.gone) return;
    this.killReason ??= reason;
    this.child.kill('SIGKILL');
  }

  /** Closes stdin (a well-behaved detector exits on EOF), then kills after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    if (this.gone) return;
    this.killReason ??= 'was stopped';
    const closed = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await closed;
    clearTimeout(timer);
  }

  private finish(reason: string): void {
    if (this.gone) return;
    this.gone = true;
    this.hooks.onGone(reason);
  }

  private onStdout(chunk: Buffer, max: number): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const end = nl === -1 ? chunk.length : nl;
      this.append(chunk.subarray(start, end), max);
      if (nl === -1) break;
      this.endLine();
      start = nl + 1;
    }
    this.hooks.onChunkDone();
  }

  private append(piece: Buffer, max: number): void {
    if (piece.length === 0) return;
    if (this.oversizeBytes >= 0) {
      this.oversizeBytes += piece.length;
      return;
    }
    if (this.partBytes + piece.length > max) {
      // Keep only the head (for the id); count and drop the rest of the line.
      const all = Buffer.concat([...this.parts, piece]);
      this.head = all.subarray(0, HEAD_BYTES).toString('utf8');
      this.oversizeBytes = all.length;
      this.parts = [];
      this.partBytes = 0;
      return;
    }
    this.parts.push(piece);
    this.partBytes += piece.length;
  }

  private endLine(): void {
    if (this.oversizeBytes >= 0) {
      const bytes = this.oversizeBytes;
      this.oversizeBytes = -1;
      this.hooks.onOversize(this.head, bytes);
      this.head = '';
      return;
    }
    const line = (this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts)).toString('utf8').trim();
    this.parts = [];
    this.partBytes = 0;
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
