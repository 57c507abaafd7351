/**
 * The import-graph check (issue 16): arrows point down only and never in a loop.
 *
 *   cli -> harness -> generators | detectors -> core
 *
 * index.ts (the library API) sits between cli and harness. bench/ and
 * scripts/ may import anything; nothing imports bench/, and only scripts'
 * own tests import scripts/. Test files (`*.test.ts`, anything under a
 * `fixtures/` folder) may reach across layers, but join the no-cycle rule
 * like everything else, `import type` included: a type-only loop still
 * means two modules cannot be understood apart. A non-test file must not
 * import a test file, or the build (which excludes them) would pull it in.
 *
 * Run: `npx tsx scripts/import-graph.ts [root]` (exit 1 on any finding).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanImports, type ImportRef } from './import-scan.js';

/** A top-level layer: a folder, or `index` for the root index.ts, or `tooling` for other root files. */
export type Layer = 'cli' | 'index' | 'harness' | 'generators' | 'detectors' | 'core' | 'bench' | 'scripts' | 'tooling';

const ANYTHING: readonly Layer[] = ['cli', 'index', 'harness', 'generators', 'detectors', 'core', 'bench', 'scripts', 'tooling'];

/** Which other layers a non-test file of each layer may import (its own layer always). */
export const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  cli: ['index', 'harness', 'generators', 'detectors', 'core'],
  index: ['harness', 'generators', 'detectors', 'core'],
  harness: ['generators', 'detectors', 'core'],
  generators: ['core'],
  detectors: ['core'],
  core: [],
  bench: ANYTHING.filter((l) => l !== 'scripts'),
  scripts: ANYTHING,
  tooling: ANYTHING.filter((l) => l !== 'scripts'),
};

/** An import from one repo file to another (paths are repo-relative, `/`-separated). */
export interface Edge extends ImportRef {
  from: string;
  to: string;
}

/** An arrow the layer rules forbid. */
export interface BadArrow {
  edge: Edge;
  reason: string;
}

export interface GraphFindings {
  /** .ts files read. */
  files: number;
  edges: Edge[];
  /** Each import loop: its files, in loop order, first file repeated at the end. */
  cycles: string[][];
  arrows: BadArrow[];
}

/** Folders never walked: output, dependencies, and VCS. */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'results', 'coverage']);

/** Every .ts file under `root` (repo-relative paths) with its source. */
export function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(path);
      } else if (entry.name.endsWith('.ts')) {
        files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
      }
    }
  };
  walk(root);
  return files;
}

/** The layer a repo-relative path belongs to. */
export function layerOf(path: string): Layer {
  const slash = path.indexOf('/');
  if (slash === -1) return path === 'index.ts' ? 'index' : 'tooling';
  const top = path.slice(0, slash);
  return (ANYTHING as readonly string[]).includes(top) ? (top as Layer) : 'tooling';
}

/** Tests and their helpers: free to reach across layers, excluded from the build. */
export function isTestFile(path: string): boolean {
  return path.endsWith('.test.ts') || path.split('/').includes('fixtures');
}

/** The repo file a relative specifier names (`./x.js` is `./x.ts` on disk); undefined for packages and non-TS files. */
export function resolveSpecifier(from: string, specifier: string, files: ReadonlyMap<string, string>): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = base.endsWith('.js') ? [`${base.slice(0, -3)}.ts`, `${base.slice(0, -3)}/index.ts`] : [base, `${base}.ts`, `${base}/index.ts`];
  return candidates.find((c) => files.has(c));
}

/** Builds the graph of `files` and checks it. */
export function checkImportGraph(files: ReadonlyMap<string, string>): GraphFindings {
  const edges: Edge[] = [];
  for (const [from, source] of files) {
    for (const ref of scanImports(source)) {
      const to = resolveSpecifier(from, ref.specifier, files);
      if (to !== undefined) edges.push({ ...ref, from, to });
    }
  }
  const arrows = edges.flatMap((e) => arrowProblem(e) ?? []);
  arrows.sort((a, b) => a.edge.from.localeCompare(b.edge.from) || a.edge.line - b.edge.line);
  return { files: files.size, edges, cycles: findCycles(edges), arrows };
}

/** Why an edge breaks the layer rules; undefined when it does not. */
function arrowProblem(edge: Edge): BadArrow | undefined {
  if (isTestFile(edge.from)) {
    // Tests may cross layers, but scripts/ is only for its own tests.
    if (layerOf(edge.to) === 'scripts' && layerOf(edge.from) !== 'scripts') return { edge, reason: 'only scripts/ may import scripts/' };
    return undefined;
  }
  if (isTestFile(edge.to)) return { edge, reason: 'a non-test file imports a test file or fixture (the build excludes those)' };
  const from = layerOf(edge.from);
  const to = layerOf(edge.to);
  if (from === to || ALLOWED[from].includes(to)) return undefined;
  return { edge, reason: `${from} may not import ${to}` };
}

/** Strongly connected components of more than one file (or a file importing itself), each as one example loop. */
export function findCycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.from) ?? [];
    if (!list.includes(e.to)) list.push(e.to);
    next.set(e.from, list);
  }
  for (const list of next.values()) list.sort();
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();

  // Tarjan's algorithm, iterative so a deep import chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; child: number }[] = [{ node: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const children = next.get(frame.node) ?? [];
      if (frame.child < children.length) {
        const child = children[frame.child++]!;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && (next.get(member) ?? []).includes(member);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  return components.map((c) => exampleLoop(c, next)).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** A shortest loop through the component's first file, so the message reads as a path to cut. */
function exampleLoop(component: string[], next: ReadonlyMap<string, string[]>): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const child of next.get(node) ?? []) {
      if (!members.has(child)) continue;
      if (child === start) {
        const loop = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = cameFrom.get(at)) loop.unshift(at);
        loop.unshift(start);
        return loop;
      }
      if (!cameFrom.has(child)) {
        cameFrom.set(child, node);
        queue.push(child);
      }
    }
  }
  return [...component, start];
}

/** The findings as lines for a terminal or a test failure; empty when the graph is clean. */
export function formatFindings(findings: GraphFindings): string[] {
  const lines: string[] = [];
  for (const loop of findings.cycles) lines.push(`cycle: ${loop.join(' -> ')}`);
  for (const { edge, reason } of findings.arrows) {
    lines.push(`arrow: ${edge.from}:${edge.line} imports ${edge.to}${edge.typeOnly ? ' (type only)' : ''}: ${reason}`);
  }
  return lines;
}

// Run as a script (not when a test imports this module).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
  const findings = checkImportGraph(readTree(root));
  const lines = formatFindings(findings);
  for (const line of lines) console.log(line);
  console.log(`${findings.files} files, ${findings.edges.length} imports: ${findings.cycles.length} cycles, ${findings.arrows.length} bad arrows`);
  process.exitCode = lines.length > 0 ? 1 : 0;
}
