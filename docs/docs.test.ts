import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The README and docs/*.md are what users follow: their links must resolve,
 * their command lines must name real commands and flags, and the README
 * tour's perturb commands must print what the README shows.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const docsDir = join(root, 'docs');
const pages = ['README.md', ...readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const text = new Map(pages.map((p) => [p, readFileSync(join(root, p), 'utf8')]));

/** A page split into prose (code blocks blanked) and its fenced code blocks. */
function split(markdown: string): { prose: string; blocks: Array<{ info: string; body: string }> } {
  const blocks: Array<{ info: string; body: string }> = [];
  const prose = markdown.replace(/^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm, (_all, info: string, body: string) => {
    blocks.push({ info: info.trim(), body });
    return '';
  });
  return { prose, blocks };
}

/** GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of split(markdown).prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

describe('links in README.md and docs/*.md', () => {
  for (const page of pages) {
    it(`${page}: every relative link resolves (file and heading)`, () => {
      const { prose } = split(text.get(page)!);
      const withoutInlineCode = prose.replace(/`[^`\n]*`/g, '');
      const broken: string[] = [];
      let count = 0;
      for (const m of withoutInlineCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1];
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // http:, https:, mailto:
        count++;
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const file = path === '' ? join(root, page) : resolve(dirname(join(root, page)), decodeURIComponent(path));
        if (!existsSync(file)) {
          broken.push(`${target} (no file ${relative(root, file)})`);
          continue;
        }
        if (anchor !== undefined && anchor !== '') {
          if (!file.endsWith('.md') || statSync(file).isDirectory()) {
            broken.push(`${target} (anchor into a file that is not Markdown)`);
          } else if (!anchors(readFileSync(file, 'utf8')).has(anchor)) {
            broken.push(`${target} (no heading #${anchor} in ${relative(root, file)})`);
          }
        }
      }
      expect(broken, `${page} has broken links`).toEqual([]);
      if (page === 'README.md') expect(count).toBeGreaterThan(10);
    });
  }
});

/**
 * The CLI's command table, read from cli/main.ts (it is not exported): each
 * `name: '...'` entry and the `--flags` of its options array.
 */
function commandTable(): Map<string, Set<string>> {
  const source = readFileSync(join(root, 'cli/main.ts'), 'utf8');
  const table = new Map<string, Set<string>>();
  const entries = [...source.matchAll(/^\s*name:\s*'([a-z][a-z-]*)',\s*$/gm)];
  entries.forEach((m, i) => {
    const body = source.slice(m.index, entries[i + 1]?.index ?? source.length);
    const flags = new Set(['--help', '-h']);
    for (const f of body.matchAll(/\[\s*'(--[a-z][a-z0-9-]*)/g)) flags.add(f[1]);
    table.set(m[1], flags);
  });
  return table;
}

interface CommandLine {
  page: string;
  line: string;
  command: string;
  flags: string[];
}

/** Every `gauntlet <command> ...` in code blocks and inline code, with its flags (quoted strings and # comments dropped). */
function commandLines(): CommandLine[] {
  const out: CommandLine[] = [];
  for (const page of pages) {
    const { prose, blocks } = split(text.get(page)!);
    const candidates: string[] = [];
    for (const block of blocks) {
      const lines = block.body.split('\n');
      for (let i = 0; i < lines.length; i++) {
        let line = lines[i];
        // YAML folded scalars and shell continuations: later lines that start with a flag belong to this command.
        while (i + 1 < lines.length && /^\s+--/.test(lines[i + 1])) line += ` ${lines[++i].trim()}`;
        candidates.push(line.replace(/\\$/, ''));
      }
    }
    for (const m of prose.matchAll(/`([^`\n]+)`/g)) candidates.push(m[1]);
    for (const candidate of candidates) {
      const m = /(?<![\w./-])gauntlet\s+([a-z][a-z-]*)(.*)$/.exec(candidate);
      if (!m) continue;
      const rest = m[2]
        .replace(/"[^"]*"|'[^']*'/g, '""')
        .replace(/\s#\s.*$/, '')
        .replace(/\s\/\/.*$/, '');
      out.push({ page, line: candidate.trim(), command: m[1], flags: [...rest.matchAll(/(?<![\w-])(--[a-z][a-z0-9-]*)/g)].map((f) => f[1]) });
    }
  }
  return out;
}

describe('command lines in README.md and docs/*.md', () => {
  const table = commandTable();
  const lines = commandLines();

  it('reads the command table from cli/main.ts', () => {
    expect([...table.keys()]).toEqual(expect.arrayContaining(['list', 'perturb', 'build', 'run', 'report', 'compare', 'metrics', 'merge', 'start']));
    expect(table.get('perturb')).toContain('--json');
  });

  it('finds the command lines (README tour, CI recipe, CLI reference)', () => {
    expect(lines.filter((l) => l.page === 'README.md').length).toBeGreaterThan(10);
    expect(lines.filter((l) => l.page === 'docs/cli.md').length).toBeGreaterThan(8);
  });

  it('names only commands and flags the CLI has', () => {
    const wrong: string[] = [];
    for (const l of lines) {
      const flags = table.get(l.command);
      if (!flags) {
        wrong.push(`${l.page}: unknown command "${l.command}" in: ${l.line}`);
        continue;
      }
      for (const f of l.flags) if (!flags.has(f)) wrong.push(`${l.page}: ${l.command} has no ${f} in: ${l.line}`);
    }
    expect(wrong).toEqual([]);
  });
});

/** Runs the CLI from source, as `gauntlet ARGS < stdinFile` would. */
function gauntlet(args: string[], stdinFile?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cli/gauntlet.ts'), ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdinFile === undefined ? '' : readFileSync(join(root, stdinFile)));
  });
}

describe('the README tour', () => {
  const readme = text.get('README.md')!;
  const tour = readme.slice(readme.indexOf('## A short tour'), readme.indexOf('\n## ', readme.indexOf('## A short tour') + 5));
  const { blocks } = split(tour);
  const perturbs = blocks
    .filter((b) => b.info === 'sh')
    .flatMap((b) => b.body.split('\n'))
    .map((l) => l.replace(/\s#\s.*$/, '').trim())
    .filter((l) => l.startsWith('gauntlet perturb '));
  const sampleBlock = blocks.find((b) => b.info === 'json');

  it('uses the shipped example article', () => {
    expect(perturbs.length).toBeGreaterThanOrEqual(3);
    for (const line of perturbs) expect(line).toMatch(/(?:< |--input )examples\/article\.txt\b/);
    expect(existsSync(join(root, 'examples/article.txt'))).toBe(true);
  });

  it('prints what the README shows for each perturb command', { timeout: 60_000 }, async () => {
    expect(sampleBlock, 'the tour has a ```json sample output').toBeDefined();
    // The sample elides with "...": drop the elided array items and the string tails to parse it.
    const sample = JSON.parse(sampleBlock!.body.replace(/,\s*\.\.\.\]/g, ']')) as Record<string, unknown>;
    const shownSpin = /The first prints the spun article \(`([^`]+?) \.\.\.`\)/.exec(tour.replace(/\n/g, ' '));
    expect(shownSpin, 'the tour quotes the start of the first command\'s output').not.toBeNull();

    const results = await Promise.all(
      perturbs.map(async (line) => {
        const words = line.split(/\s+/).slice(1);
        const lt = words.indexOf('<');
        const stdin = lt >= 0 ? words[lt + 1] : undefined;
        const args = lt >= 0 ? [...words.slice(0, lt), ...words.slice(lt + 2)] : words;
        return { line, args, ...(await gauntlet(args, stdin)) };
      }),
    );
    let matchedSample = 0;
    for (const r of results) {
      expect(r.code, `${r.line}\n${r.stderr}`).toBe(0);
      if (!r.args.includes('--json')) {
        if (r === results[0]) expect(r.stdout.replace(/\s+/g, ' ')).toContain(shownSpin![1]);
        continue;
      }
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(Object.keys(out), r.line).toEqual(Object.keys(sample));
      const edits = out.edits as Array<Record<string, unknown>>;
      const shownEdits = sample.edits as Array<Record<string, unknown>>;
      if (edits[0]?.generator !== shownEdits[0]?.generator) continue;
      matchedSample++;
      expect(String(out.text).startsWith(String(sample.text).replace(/ \.\.\.$/, '')), r.line).toBe(true);
      expect(edits.slice(0, shownEdits.length)).toEqual(shownEdits);
      for (const key of ['requestedIntensity', 'realizedIntensity', 'eligible']) expect(out[key], `${r.line}: ${key}`).toEqual(sample[key]);
    }
    expect(matchedSample, 'the JSON sample is the output of one tour command').toBe(1);
  });

  it('builds the default suite as the README shows (counts and sha256)', { timeout: 120_000 }, async () => {
    const buildBlock = blocks.filter((b) => b.info === 'sh').find((b) => /^gauntlet build --suite default\b/m.test(b.body));
    expect(buildBlock, 'the tour shows a default build').toBeDefined();
    // The README's "# ..." lines after the command are its output, the path aside.
    const shown = buildBlock!.body.split('\n').filter((l) => l.startsWith('#')).map((l) => l.replace(/^#\s?/, ''));
    const out = mkdtempSync(join(tmpdir(), 'tour-build-'));
    const built = await gauntlet(['build', '--suite', 'default', '--out', out, '--quiet']);
    expect(built.code, built.stderr).toBe(0);
    const printed = built.stdout.trimEnd().split('\n');
    expect(printed[0]).toMatch(/^(built|reused) dataset /);
    expect(printed.slice(1)).toEqual(shown.slice(1));
  });
});
