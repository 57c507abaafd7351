/**
 * Derives the attack catalog's data tables (generators/data/*.json) from
 * Debian packages, so every table can be rebuilt and audited offline:
 *
 *   apt-get install python3-confusable-homoglyphs codespell scowl
 *   npx tsx scripts/derive-attack-data.ts            # reads the installed files
 *   npx tsx scripts/derive-attack-data.ts --root DIR # or a tree made with `dpkg -x pkg.deb DIR`
 *
 * Sources (see generators/data/README.md for the licences):
 * - homoglyphs.json: Unicode's confusables.txt as packaged in
 *   python3-confusable-homoglyphs (confusables.json), cut to Cyrillic and
 *   Greek letters that Unicode lists as confusable with an ASCII letter of
 *   the same case.
 * - misspellings.json: codespell's dictionary.txt (a derived work of English
 *   Wikipedia's "Lists of common misspellings", CC BY-SA 3.0), kept where the
 *   correction is a common word and the misspelling is no word at all
 *   (checked against SCOWL).
 * - alt-spelling.json: American-only and British-only words of SCOWL
 *   (sizes up to 60), paired by the spelling rules that tell the two apart
 *   (colour/color, organise/organize, centre/center, travelled/traveled...).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const root = argv.includes('--root') ? argv[argv.indexOf('--root') + 1] : '/';
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'generators', 'data');

const CONFUSABLES = 'usr/lib/python3/dist-packages/confusable_homoglyphs/confusables.json';
const CODESPELL = 'usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt';
const SCOWL = 'usr/share/dict/scowl';
const SIZES = [10, 20, 35, 40, 50, 55, 60, 70, 80, 95];

function read(rel: string): string {
  const path = join(root, rel);
  if (!existsSync(path)) throw new Error(`missing ${path}: install the Debian package or pass --root`);
  return readFileSync(path, 'utf8');
}

function scowl(kind: string, maxSize: number): Set<string> {
  const words = new Set<string>();
  for (const size of SIZES) {
    if (size > maxSize) break;
    const rel = `${SCOWL}/${kind}.${size}`;
    if (!existsSync(join(root, rel))) continue;
    for (const w of read(rel).split('\n')) if (w !== '') words.add(w);
  }
  return words;
}

/** JSON with one table entry a line, so a regenerated table diffs line by line. */
function write(name: string, data: Record<string, unknown>): void {
  const lines = Object.entries(data).map(([key, value]) => {
    if (typeof value !== 'object' || value === null) return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
    const rows = Object.entries(value).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    return `  ${JSON.stringify(key)}: {\n${rows.join(',\n')}\n  }`;
  });
  writeFileSync(join(outDir, name), `{\n${lines.join(',\n')}\n}\n`);
  process.stdout.write(`wrote generators/data/${name}\n`);
}

// ---------------------------------------------------------------- homoglyphs
function deriveHomoglyphs(): void {
  const confusables = JSON.parse(read(CONFUSABLES)) as Record<string, Array<{ c: string; n: string }>>;
  const map: Record<string, string[]> = {};
  const script: Record<string, string> = {};
  for (let code = 0x41; code <= 0x7a; code++) {
    const letter = String.fromCharCode(code);
    if (!/[A-Za-z]/.test(letter)) continue;
    const caseWord = letter === letter.toUpperCase() ? 'CAPITAL' : 'SMALL';
    const found = (confusables[letter] ?? [])
      .filter((e) => [...e.c].length === 1 && /^(CYRILLIC|GREEK) /.test(e.n) && e.n.includes(` ${caseWord} `))
      .map((e) => {
        script[e.c] = e.n.startsWith('GREEK') ? 'greek' : 'cyrillic';
        return e.c;
      });
    const unique = [...new Set(found)].sort();
    if (unique.length > 0) map[letter] = unique;
  }
  write('homoglyphs.json', {
    source: 'Unicode confusables.txt, as packaged in Debian python3-confusable-homoglyphs 3.2.0 (confusables.json); Cyrillic and Greek letters of the same case as an ASCII letter',
    licence: 'Unicode License (data files), see generators/data/README.md',
    derivedBy: 'scripts/derive-attack-data.ts',
    map,
    script,
  });
}

// ------------------------------------------------------------- misspellings
function deriveMisspellings(): void {
  const common = new Set([...scowl('english-words', 35), ...scowl('american-words', 35), ...scowl('british-words', 35)]);
  const anyWord = new Set([
    ...scowl('english-words', 95), ...scowl('american-words', 95), ...scowl('british-words', 95),
    ...scowl('english-upper', 95), ...scowl('english-proper-names', 95), ...scowl('english-abbreviations', 95),
  ].map((w) => w.toLowerCase()));
  const byWord = new Map<string, string[]>();
  for (const line of read(CODESPELL).split('\n')) {
    const arrow = line.indexOf('->');
    if (arrow < 0) continue;
    const typo = line.slice(0, arrow).trim();
    const fixes = line.slice(arrow + 2).split(',').map((s) => s.trim()).filter(Boolean);
    // An ambiguous entry ("typo->a, b") names no single intended word.
    if (fixes.length !== 1) continue;
    const fix = fixes[0];
    if (!/^[a-z]{3,}$/.test(typo) || !/^[a-z]{3,}$/.test(fix)) continue;
    if (!common.has(fix) || anyWord.has(typo)) continue;
    const list = byWord.get(fix) ?? [];
    list.push(typo);
    byWord.set(fix, list);
  }
  const map: Record<string, string[]> = {};
  for (const word of [...byWord.keys()].sort()) map[word] = byWord.get(word)!.sort();
  write('misspellings.json', {
    source: 'codespell 2.2.2 dictionary.txt (Debian codespell 2.2.2-1), a derived work of English Wikipedia "Lists of common misspellings"; kept: one correction, a common word (SCOWL size <= 35), misspelling not a SCOWL word (size <= 95)',
    licence: 'CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/)',
    derivedBy: 'scripts/derive-attack-data.ts',
    map,
  });
  process.stdout.write(`  ${Object.keys(map).length} words, ${Object.values(map).reduce((n, l) => n + l.length, 0)} misspellings\n`);
}

// -------------------------------------------------------------- alt-spelling
/** American -> British rewrites; a pair needs both sides in SCOWL's variant-only lists. */
const RULES: Array<[string, string]> = [
  ['or', 'our'], ['iz', 'is'], ['yz', 'ys'], ['er', 're'], ['ered', 'red'], ['ering', 'ring'], ['og', 'ogue'],
  ['ense', 'ence'], ['l', 'll'], ['ll', 'l'], ['e', 'ae'], ['e', 'oe'], ['ay', 'ey'], ['gment', 'gement'],
  ['ging', 'geing'], ['er', 'or'], ['am', 'amme'], ['i', 'y'], ['ol', 'oul'], ['ow', 'ough'],
];

function rewrites(word: string): Set<string> {
  const out = new Set<string>();
  for (const [from, to] of RULES) {
    for (let i = word.indexOf(from); i >= 0; i = word.indexOf(from, i + 1)) {
      // A final e is never the British ae/oe (strobile is not strobilae).
      if (from === 'e' && i === word.length - 1) continue;
      out.add(word.slice(0, i) + to + word.slice(i + from.length));
    }
  }
  return out;
}

function deriveAltSpelling(): void {
  const us = scowl('american-words', 60);
  const gb = scowl('british-words', 60);
  const usToGb = new Map<string, Set<string>>();
  for (const word of us) {
    // SCOWL lists a few words under both variants (spoiled, learned): those are no variant pair.
    if (!/^[a-z]+$/.test(word) || gb.has(word)) continue;
    // Breadth first, at most two rewrites: the fewest rewrites that land on a British-only word win.
    let frontier = new Set([word]);
    for (let depth = 0; depth < 2; depth++) {
      const next = new Set<string>();
      for (const w of frontier) for (const r of rewrites(w)) next.add(r);
      const hits = [...next].filter((r) => gb.has(r) && !us.has(r));
      if (hits.length > 0) {
        usToGb.set(word, new Set(hits));
        break;
      }
      frontier = next;
    }
  }
  const gbCount = new Map<string, number>();
  for (const set of usToGb.values()) for (const g of set) gbCount.set(g, (gbCount.get(g) ?? 0) + 1);
  const pairs: Record<string, string> = {};
  for (const word of [...usToGb.keys()].sort()) {
    const set = usToGb.get(word)!;
    // One-to-one pairs only, so the swap can run in both directions.
    if (set.size !== 1) continue;
    const [g] = set;
    if (gbCount.get(g) !== 1) continue;
    pairs[word] = g;
  }
  write('alt-spelling.json', {
    source: 'SCOWL 2020.12.07 (Debian scowl 2020.12.07-2): american-words and british-words up to size 60, paired by spelling rules (scripts/derive-attack-data.ts)',
    licence: 'SCOWL copyright notice (permissive, MIT-like), see generators/data/README.md',
    derivedBy: 'scripts/derive-attack-data.ts',
    usToGb: pairs,
  });
  process.stdout.write(`  ${Object.keys(pairs).length} pairs\n`);
}

deriveHomoglyphs();
deriveMisspellings();
deriveAltSpelling();
