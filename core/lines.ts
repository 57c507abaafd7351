import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * A line reader with one line of look-ahead, for merging sorted streams
 * without holding them in memory.
 */
export class LineCursor {
  private readonly iterator: AsyncIterator<string>;
  private buffered: string | undefined;
  private done = false;

  constructor(path: string) {
    this.iterator = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  /** The next non-blank line without consuming it; undefined at the end. */
  async peek(): Promise<string | undefined> {
    while (this.buffered === undefined && !this.done) {
      const next = await this.iterator.next();
      if (next.done) this.done = true;
      else if (next.value.trim() !== '') this.buffered = next.value;
    }
    return this.buffered;
  }

  async next(): Promise<string | undefined> {
    const line = await this.peek();
    this.buffered = undefined;
    return line;
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}
