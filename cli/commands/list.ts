import { GENERATORS, PRESETS } from '../../generators/registry.js';
import { DETECTORS } from '../../detectors/registry.js';
import { TASKS } from '../../core/types.js';
import type { CliIO } from '../io.js';
import { OK, type CommandOutcome, type Options } from '../command.js';

const TASK_LINES: Record<string, string> = {
  tamper: 'single text: is it corrupted? negatives are clean passages',
  reuse: '(source, candidate): is the candidate derived from the source? negatives are the nearest other passages',
  consistency: '(source, candidate): does the candidate alter the source\'s facts? negatives are fact-preserving rewrites',
  spans: 'where are the edits? scored PAN-style (character precision, recall, granularity, plagdet)',
};

/** `gauntlet list`: generators, presets, detectors and tasks, one line each. */
export async function list(_args: string[], options: Options, io: CliIO): Promise<CommandOutcome> {
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({
        generators: GENERATORS.map(({ name, family, description, summary }) => ({ name, family, description, ...(summary ? { summary } : {}) })),
        presets: PRESETS.map(({ name, family, description, steps }) => ({ name, family, description, steps })),
        detectors: DETECTORS.map(({ name, tasks, description }) => ({ name, tasks, description })),
        tasks: TASKS.map((name) => ({ name, description: TASK_LINES[name] })),
      }, null, 2)}\n`,
    );
    return OK;
  }
  const rows = (title: string, items: Array<[string, string, string?]>) => {
    io.stdout.write(`${title}\n`);
    const width = Math.max(0, ...items.map(([n]) => n.length));
    for (const [name, line, paragraph] of items) {
      io.stdout.write(`  ${name.padEnd(width)}  ${line}\n`);
      // A generator's summary paragraph, wrapped under its line.
      if (paragraph) for (const l of wrap(paragraph, 96 - width)) io.stdout.write(`  ${' '.repeat(width)}    ${l}\n`);
    }
    io.stdout.write('\n');
  };
  rows('Generators', GENERATORS.map((g) => [g.name, `[${g.family}] ${g.description}`, g.summary]));
  if (PRESETS.length > 0) rows('Presets', PRESETS.map((p) => [p.name, `${p.description} (${p.steps.map((s) => s.generator).join(' -> ')})`]));
  rows('Detectors', DETECTORS.map((d) => [d.name, `[${d.tasks.join(', ')}] ${d.description}`]));
  rows('Tasks', TASKS.map((t) => [t, TASK_LINES[t]]));
  return OK;
}

/** Greedy word wrap to `width` columns (at least 40). */
function wrap(text: string, width: number): string[] {
  const limit = Math.max(40, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
