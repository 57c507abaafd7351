import type { DetectorItem, ValidatedResult } from '../../core/types.js';
import { answeredTwice, checkAnswer, failed, vouch } from '../validate.js';
import { DetectorProcess } from './exec-process.js';
import { encodeItem, excerpt, parseLine, salvageId, type Handshake } from './protocol.js';

/**
 * The exec adapter: a pool of persistent detector subprocesses speaking JSON
 * Lines (protocol.ts). Items are pipelined (up to `pipelineDepth` written
 * ahead per process) and answered in any order. Faults never lose an item:
 * - a process that exits, or that has items and answers nothing for
 *   `timeoutMs`, is killed and restarted; its in-flight items are retried
 *   once, each alone on a process, so one poison item cannot take innocent
 *   ones down with it; a second failure is recorded as the item's error;
 * - an answer that is not JSON, is too large, or has a bad score, label or
 *   spans becomes that item's error (when its id can be read) or a log line;
 * - answers for unknown ids are rejected (logged), never attributed;
 * - a second answer for an item whose score() call has not yet returned
 *   turns that item into an error (validate.ts's rule); once the call has
 *   returned, the result is out and a late repeat can only be logged.
 */
export interface ExecOptions {
  /** argv: program and arguments. Never run through a shell. */
  command: readonly string[];
  cwd?: string;
  /** Added to the inherited environment. */
  env?: Readonly<Record<string, string>>;
  /** Processes to run side by side. */
  processes: number;
  /** Longest a process may hold items without answering any, in ms (the per-item timeout). */
  timeoutMs: number;
  /** Longest response line accepted, in bytes. */
  maxResponseBytes: number;
  /** Items written ahead to one process before its answers come back. */
  pipelineDepth: number;
  /**
   * `auto`: wait up to `handshakeWaitMs` for a handshake line, go on without;
   * `required`: wait up to `startupTimeoutMs`, fail without one; `none`: do not wait.
   */
  handshake: 'auto' | 'required' | 'none';
  handshakeWaitMs: number;
  /** Longest a new process may take to write its first line (handshake or answer), in ms. */
  startupTimeoutMs: number;
  /** Processes in a row that die without a single valid answer before the detector is declared broken. */
  maxRestarts: number;
  /** Receives every stderr line and every protocol complaint. */
  onLog(line: string): void;
  /**
   * Told once per pool, the first time the detector writes a stdout line that
   * is not part of the protocol (a stray print): worth a console note, since
   * the lines themselves only go to the log.
   */
  onWarn?(message: string): void;
}

export const EXEC_DEFAULTS = {
  processes: 1,
  timeoutMs: 30_000,
  maxResponseBytes: 1 << 20,
  pipelineDepth: 256,
  handshake: 'auto',
  handshakeWaitMs: 2000,
  startupTimeoutMs: 60_000,
  maxRestarts: 5,
} as const;

/** The results of one score() call, filled in as answers arrive. */
interface Batch {
  results: ValidatedResult[];
  left: number;
  resolve(results: ValidatedResult[]): void;
}

interface Pending {
  item: DetectorItem;
  /** Failed attempts so far (crash or hang while in flight). */
  failures: number;
  batch: Batch;
  index: number;
}

interface Slot {
  proc: DetectorProcess;
  inflight: Map<string, Pending>;
  /** Last time this process answered, or got work while idle (ms, monotonic). */
  lastProgress: number;
  /** Holding one retried item alone. */
  solo: boolean;
  answered: number;
  /** Has written a line: until then, it is still starting (loading a model) and gets `startupTimeoutMs`. */
  started: boolean;
}

export class ExecPool {
  /** The first handshake any process sent. */
  handshake?: Handshake;
  private readonly slots: Array<Slot | undefined>;
  private queue: Pending[] = [];
  private retries: Pending[] = [];
  private readonly pendingIds = new Set<string>();
  /** Items answered whose score() call is still open: a repeat answer for one of them makes it an error. */
  private readonly answered = new Map<string, Pending>();
  private failuresInRow = 0;
  private broken?: string;
  private closing = false;
  private watchdog?: NodeJS.Timeout;
  private readonly stderrTail: string[] = [];
  private handshakeWaiters: Array<() => void> = [];
  private lastGone = 'exited';
  private junkLines = 0;

  constructor(private readonly options: ExecOptions) {
    this.slots = new Array<Slot | undefined>(Math.max(1, options.processes)).fill(undefined);
  }

  /** Starts the processes and waits for a handshake as configured. Throws if the detector cannot start. */
  async start(): Promise<void> {
    this.closing = false;
    this.broken = undefined;
    this.failuresInRow = 0;
    for (let i = 0; i < this.slots.length; i++) this.slots[i] ??= this.spawn(i);
    this.armWatchdog();
    const { handshake } = this.options;
    if (handshake === 'none') return;
    const waitMs = handshake === 'required' ? this.options.startupTimeoutMs : this.options.handshakeWaitMs;
    const outcome = await new Promise<'handshake' | 'timeout' | 'gone'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), waitMs);
      this.handshakeWaiters.push(() => {
        clearTimeout(timer);
        resolve(this.handshake ? 'handshake' : 'gone');
      });
    });
    if (outcome === 'gone') throw new Error(`detector process ${this.lastGone} before answering${this.tail()}`);
    if (outcome === 'timeout' && handshake === 'required') throw new Error(`no handshake line from the detector within ${waitMs} ms${this.tail()}`);
  }

  /** Scores items; resolves with one result per item, in the items' order. Never rejects. */
  score(items: readonly DetectorItem[]): Promise<ValidatedResult[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve) => {
      const batch: Batch = {
        results: new Array<ValidatedResult>(items.length),
        left: items.length,
        resolve: (results) => {
          for (const item of items) if (this.answered.get(item.id)?.batch === batch) this.answered.delete(item.id);
          // Every slot holds a checkAnswer or failed result for its item; from here on nothing writes to the array.
          resolve(vouch(results));
        },
      };
      for (let index = 0; index < items.length; index++) {
        const item = items[index];
        if (this.pendingIds.has(item.id)) {
          // Answers are matched by id, so two live items with one id cannot be told apart.
          settle(batch, index, failed(item.id, 'duplicate id: the same id is already being scored'));
          continue;
        }
        const pending: Pending = { item, failures: 0, batch, index };
        this.pendingIds.add(item.id);
        if (this.broken) this.finish(pending, failed(item.id, `detector is not running: ${this.broken}`));
        else this.queue.push(pending);
      }
      if (this.queue.length > 0) this.closing = false;
      this.armWatchdog();
      this.dispatch();
    });
  }

  private finish(pending: Pending, result: ValidatedResult): void {
    this.pendingIds.delete(pending.item.id);
    settle(pending.batch, pending.index, result);
  }

  /** Stops every process (EOF, then SIGKILL after a grace period); queued items end in an error. */
  async close(graceMs = 2000): Promise<void> {
    this.closing = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
    for (const p of [...this.retries, ...this.queue]) this.finish(p, failed(p.item.id, 'detector was closed before this item was scored'));
    this.queue = [];
    this.retries = [];
    await Promise.all(this.slots.map((s) => s?.proc.stop(graceMs)));
  }

  private spawn(index: number): Slot {
    const slot: Slot = { proc: undefined as unknown as DetectorProcess, inflight: new Map(), lastProgress: performance.now(), solo: false, answered: 0, started: false };
    const log = (line: string) => this.options.onLog(`[pid ${slot.proc.pid ?? '?'}] ${line}`);
    slot.proc = new DetectorProcess(
      { command: this.options.command, cwd: this.options.cwd, env: this.options.env, maxLineBytes: this.options.maxResponseBytes },
      {
        onLine: (line) => {
          this.markStarted(slot);
          this.onLine(slot, line, log);
        },
        onOversize: (head, bytes) => {
          this.markStarted(slot);
          const why = `response of ${bytes} bytes exceeds maxResponseBytes (${this.options.maxResponseBytes})`;
          const id = salvageId(head);
          if (id !== undefined && slot.inflight.has(id)) this.answer(slot, id, { id, error: why });
          else log(`rejected: ${why}: ${excerpt(head)}`);
        },
        onChunkDone: () => this.dispatch(),
        onStderr: (line) => {
          this.stderrTail.push(line);
          if (this.stderrTail.length > 10) this.stderrTail.shift();
          log(line);
        },
        onGone: (reason) => this.onGone(index, slot, reason),
      },
    );
    return slot;
  }

  private onLine(slot: Slot, line: string, log: (line: string) => void): void {
    const parsed = parseLine(line);
    if (parsed.kind === 'handshake') {
      this.handshake ??= parsed.handshake;
      this.wakeHandshakeWaiters();
    } else if (parsed.kind === 'junk') {
      log(`ignored a response line (${parsed.reason}): ${excerpt(line)}`);
      if (this.junkLines++ === 0) this.options.onWarn?.(`the detector wrote stdout lines that are not protocol answers (${parsed.reason}); they were skipped and logged (debug output belongs on stderr)`);
    } else if (slot.inflight.has(parsed.id)) {
      this.answer(slot, parsed.id, parsed.answer);
    } else if (this.answered.has(parsed.id)) {
      const first = this.answered.get(parsed.id)!;
      log(`a second answer for id ${JSON.stringify(parsed.id).slice(0, 200)}: the item gets an error`);
      first.batch.results[first.index] = answeredTwice(parsed.id);
    } else {
      log(`rejected an answer for an unknown id ${JSON.stringify(parsed.id).slice(0, 200)}`);
    }
  }

  private markStarted(slot: Slot): void {
    if (slot.started) return;
    slot.started = true;
    // The per-item clock starts when the process is ready, not when it was spawned.
    slot.lastProgress = performance.now();
  }

  private answer(slot: Slot, id: string, raw: unknown): void {
    const pending = slot.inflight.get(id)!;
    slot.inflight.delete(id);
    slot.lastProgress = performance.now();
    slot.answered++;
    slot.solo = false;
    this.failuresInRow = 0;
    // Recorded before finish: finishing the call's last item closes the call and forgets its ids.
    this.answered.set(id, pending);
    this.finish(pending, checkAnswer(pending.item, raw));
  }

  private onGone(index: number, slot: Slot, reason: string): void {
    if (this.slots[index] === slot) this.slots[index] = undefined;
    this.lastGone = reason;
    this.wakeHandshakeWaiters();
    if (slot.answered === 0 && !this.closing) this.failuresInRow++;
    if (slot.inflight.size > 0) this.options.onLog(`[pid ${slot.proc.pid ?? '?'}] detector process ${reason} with ${slot.inflight.size} item(s) in flight`);
    for (const p of slot.inflight.values()) {
      p.failures++;
      if (p.failures >= 2 || this.closing) this.finish(p, failed(p.item.id, `detector process ${reason} (after one retry on a restarted process)${this.tail()}`));
      else this.retries.push(p);
    }
    slot.inflight.clear();
    if (this.failuresInRow > this.options.maxRestarts) {
      this.broken = `${this.failuresInRow} processes in a row ${reason} without answering anything`;
      this.options.onLog(`detector declared broken: ${this.broken}${this.tail()}`);
      for (const p of [...this.retries, ...this.queue]) this.finish(p, failed(p.item.id, `detector is not running: ${this.broken}${this.tail()}`));
      this.retries = [];
      this.queue = [];
    }
    if (!this.closing) this.dispatch();
  }

  /** Hands queued items to processes with room, starting processes as needed. */
  private dispatch(): void {
    if (this.closing || this.broken) return;
    for (let i = 0; i < this.slots.length; i++) {
      if (this.queue.length === 0 && this.retries.length === 0) return;
      let slot = this.slots[i];
      if (!slot) slot = this.slots[i] = this.spawn(i);
      if (!slot.proc.alive || slot.solo) continue;
      if (this.retries.length > 0) {
        // A retried item goes alone to an idle process: if it is the poison, it takes nothing else down.
        if (slot.inflight.size > 0) continue;
        const p = this.retries.shift()!;
        slot.solo = true;
        this.send(slot, [p]);
        continue;
      }
      const room = this.options.pipelineDepth - slot.inflight.size;
      // Refill in chunks, not one item per answer: fewer, larger writes.
      if (room < this.options.pipelineDepth / 2 && slot.inflight.size > 0) continue;
      const take = this.queue.length <= room ? this.queue.splice(0) : this.queue.splice(0, room);
      this.send(slot, take);
    }
  }

  private send(slot: Slot, batch: Pending[]): void {
    if (slot.inflight.size === 0) slot.lastProgress = performance.now();
    // Encoded item by item and joined as bytes: one long concatenated string
    // costs about three times as much to turn into UTF-8 on write (the
    // flattening of the rope), which was the parent's largest cost per item.
    const lines = new Array<Buffer>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i];
      slot.inflight.set(p.item.id, p);
      lines[i] = Buffer.from(`${encodeItem(p.item)}\n`, 'utf8');
    }
    slot.proc.write(lines.length === 1 ? lines[0] : Buffer.concat(lines));
  }

  private armWatchdog(): void {
    if (this.watchdog) return;
    const every = Math.max(20, Math.min(1000, this.options.timeoutMs / 4));
    this.watchdog = setInterval(() => {
      const now = performance.now();
      for (const slot of this.slots) {
        if (!slot || slot.inflight.size === 0) continue;
        const limit = slot.started ? this.options.timeoutMs : Math.max(this.options.timeoutMs, this.options.startupTimeoutMs);
        if (now - slot.lastProgress > limit) {
          slot.proc.kill(slot.started ? `hung: no answer within ${limit} ms` : `did not answer within ${limit} ms of starting`);
        }
      }
    }, every);
    // The child processes keep the event loop alive while they work; the watchdog must not keep it alive alone.
    this.watchdog.unref();
  }

  private wakeHandshakeWaiters(): void {
    const waiters = this.handshakeWaiters;
    this.handshakeWaiters = [];
    for (const w of waiters) w();
  }

  private tail(): string {
    return this.stderrTail.length === 0 ? '' : `; stderr: ${excerpt(this.stderrTail.slice(-3).join(' | '), 400)}`;
  }
}

function settle(batch: Batch, index: number, result: ValidatedResult): void {
  batch.results[index] = result;
  if (--batch.left === 0) batch.resolve(batch.results);
}
