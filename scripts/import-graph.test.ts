import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImportGraph, formatFindings, readTree } from './import-graph.js';
import { scanImports } from './import-scan.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('scanImports', () => {
  it('finds static, type-only, multi-line, re-export, side-effect and dynamic imports, with their lines', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      'import {',
      '  c,',
      '  type D,',
      "} from './c.js';",
      "export * from './e.js';",
      "export type { F } from './f.js';",
      "import './g.js';",
      "const h = await import('./h.js');",
      "type I = typeof import('./i.js');",
    ].join('\n');
    expect(scanImports(source).map((r) => [r.specifier, r.line, r.kind, r.typeOnly])).toEqual([
      ['./a.js', 1, 'import', false],
      ['./b.js', 2, 'import', true],
      ['./c.js', 3, 'import', false],
      ['./e.js', 7, 'export', false],
      ['./f.js', 8, 'export', true],
      ['./g.js', 9, 'import', false],
      ['./h.js', 10, 'dynamic', false],
      ['./i.js', 11, 'dynamic', false],
    ]);
  });

  it('ignores imports inside comments, strings, templates and regular expressions', () => {
    const source = [
      "// import { x } from './comment.js';",
      "/* import { y } from './block.js'; */",
      "const s = \"import { z } from './string.js'\";",
      "const t = `export * from './template.js'`;",
      "const r = /'/g; const u = 'import(\\'./escaped.js\\')';",
      "const v = `${name}`; import { w } from './real.js';",
      "const dyn = import(`./${name}.js`);",
    ].join('\n');
    expect(scanImports(source).map((r) => r.specifier)).toEqual(['./real.js']);
  });
});

describe('checkImportGraph', () => {
  it('names the files of a type-only cycle and the file and line of an up arrow', () => {
    const files = new Map([
      ['core/types.ts', "import type { Options } from './options.js';\nexport type Id = string;"],
      ['core/options.ts', "import type { Id } from './types.js';\nexport interface Options { id: Id }"],
      ['core/tokens.ts', "// tokens\n\nimport { score } from '../harness/score.js';\nexport const t = score;"],
      ['harness/score.ts', "import type { Id } from '../core/types.js';\nexport const score = 1;"],
      // A test may cross layers (a generator's test using the harness), but not loop.
      ['generators/swap.test.ts', "import { score } from '../harness/score.js';"],
      ['generators/swap.ts', "export const swap = 1;"],
      ['cli/main.ts', "import { score } from '../harness/score.js';"],
    ]);
    const lines = formatFindings(checkImportGraph(files));
    expect(lines).toEqual([
      'cycle: core/options.ts -> core/types.ts -> core/options.ts',
      'arrow: core/tokens.ts:3 imports harness/score.ts: core may not import harness',
    ]);
  });

  it('applies the no-cycle rule to tests, and keeps test files and scripts out of non-test imports', () => {
    const files = new Map([
      ['harness/a.test.ts', "import { b } from './b.test.js';\nexport const a = 1;"],
      ['harness/b.test.ts', "import { a } from './a.test.js';\nexport const b = 1;"],
      ['harness/run.ts', "import { golden } from './fixtures/golden.js';"],
      ['harness/fixtures/golden.ts', 'export const golden = 1;'],
      ['bench/run.ts', "import { check } from '../scripts/check.js';"],
      ['scripts/check.ts', "import { a } from '../harness/a.test.js';\nexport const check = a;"],
    ]);
    expect(formatFindings(checkImportGraph(files))).toEqual([
      'cycle: harness/a.test.ts -> harness/b.test.ts -> harness/a.test.ts',
      'arrow: bench/run.ts:1 imports scripts/check.ts: bench may not import scripts',
      'arrow: harness/run.ts:1 imports harness/fixtures/golden.ts: a non-test file imports a test file or fixture (the build excludes those)',
      'arrow: scripts/check.ts:1 imports harness/a.test.ts: a non-test file imports a test file or fixture (the build excludes those)',
    ]);
  });

  // Fails until every room's loop is cut: that failure is the point of the check.
  it('this repository has no import cycle and no arrow pointing up or sideways', () => {
    const findings = checkImportGraph(readTree(root));
    expect(findings.files).toBeGreaterThan(100);
    expect(formatFindings(findings)).toEqual([]);
  });
});
