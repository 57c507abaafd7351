import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError, inputError } from '../../core/errors.js';
import { readUserText } from '../../core/text-input.js';
import { loadChain, parseIntensity, runChain } from '../../generators/chain.js';
import { readAll, type CliIO } from '../io.js';
import { parseParams } from '../params.js';
import { OK, type CommandOutcome, type Options } from '../command.js';

/** `gauntlet perturb <generator>`: stdin (or --input) to stdout. */
export async function perturb(args: string[], options: Options, io: CliIO): Promise<CommandOutcome> {
  const spec = (options.chain as string | undefined) ?? args[0];
  if (!spec) throw usageError('perturb needs a generator name or --chain (see gauntlet list)');
  if (options.chain !== undefined && args[0] !== undefined) throw usageError('give either a generator name or --chain, not both');
  const params = parseParams(options.param);
  const chain = await loadChain(String(spec), params);
  const intensity =
    options.intensity === undefined ? chain.steps[0].impl.defaultIntensity : parseIntensity(String(options.intensity), '--intensity');
  const text = await readInput(options.input as string | undefined, io);
  const result = runChain(chain, text, { intensity, seed: String(options.seed ?? '0') });
  if (options.json) {
    // Written piece by piece: one JSON string of a large input's text and edits would cost many times the input.
    io.stdout.write('{"text":"');
    writeChunked(result.text, io, (piece) => JSON.stringify(piece).slice(1, -1));
    io.stdout.write('","edits":[');
    let batch = '';
    result.edits.forEach((edit, i) => {
      batch += `${i === 0 ? '' : ','}${JSON.stringify(edit)}`;
      if (batch.length >= CHUNK) {
        io.stdout.write(batch);
        batch = '';
      }
    });
    const rest = { requestedIntensity: result.requestedIntensity, realizedIntensity: result.realizedIntensity, eligible: result.eligible, ...(result.note ? { note: result.note } : {}) };
    io.stdout.write(`${batch}],${JSON.stringify(rest).slice(1)}\n`);
  } else {
    writeChunked(result.text, io, (piece) => piece);
    if (!result.text.endsWith('\n')) io.stdout.write('\n');
    if (result.note) io.stderr.write(`gauntlet: note: ${result.note}\n`);
  }
  return OK;
}

/** Code units written at once: a whole large text would be encoded into one buffer as big as itself. */
const CHUNK = 1 << 20;

/** Writes `text` in pieces (never splitting a surrogate pair, so each piece encodes as the whole would), each through `encode`. */
function writeChunked(text: string, io: CliIO, encode: (piece: string) => string): void {
  for (let at = 0; at < text.length; ) {
    let to = Math.min(text.length, at + CHUNK);
    const last = text.charCodeAt(to - 1);
    if (to < text.length && last >= 0xd800 && last <= 0xdbff) to--;
    io.stdout.write(encode(text.slice(at, to)));
    at = to;
  }
}

async function readInput(path: string | undefined, io: CliIO): Promise<string> {
  if (path === undefined) return readAll(io.stdin);
  const full = resolve(io.cwd, path);
  if (!existsSync(full)) throw inputError(path, 'file not found');
  if (!statSync(full).isFile()) throw inputError(path, 'not a file (perturb reads one text; a corpus directory goes to gauntlet build --corpus)');
  return readUserText(full);
}
