/**
 * Importing a user's module (a suite or a detector) from wherever it lives.
 *
 * Two things stand between `import(file)` and a module written from the
 * README: its `import { defineDetector } from 'text-gauntlet'` only resolves
 * where text-gauntlet is installed beside it, and Node 20 cannot strip the
 * types of a `.ts` file. The first is answered by a resolve hook that points
 * the bare name at this very package; the second by tsx, registered the
 * first time a `.ts` module is asked for (it is a devDependency, so a clone
 * has it; an install without it gets a one-line instruction).
 */
import { existsSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GauntletError } from './errors.js';

/** Extensions whose modules need their types stripped before Node can run them. */
export const TYPESCRIPT_EXTENSIONS: ReadonlySet<string> = new Set(['.ts', '.mts']);

/** Extensions a user module may have: ES modules, and TypeScript through tsx. */
export const USER_MODULE_EXTENSIONS: ReadonlySet<string> = new Set(['.mjs', '.js', ...TYPESCRIPT_EXTENSIONS]);

/** What a `.ts` module needs when tsx cannot be found: one line, exit 2. */
export const TSX_MISSING = 'loading a .ts module needs tsx: run `npm install --save-dev tsx` in your project (or compile the module to .mjs)';

/** This package's own entry: dist/index.js in the build, index.ts when running from sources. */
export function selfEntryUrl(): string {
  const built = new URL('../index.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built.href : new URL('../index.ts', import.meta.url).href;
}

/**
 * The resolve hook, as a data: URL so that it needs no file of its own in
 * dist (tsc copies no .mjs) and runs the same from sources. Only the exact
 * bare name is redirected, and through the next hook rather than around
 * it: under tsx the entry is index.ts, which only tsx's hooks can load.
 * A `.ts` file is resolved as an ES module whatever the nearest
 * package.json says: a detector or suite is one by contract, and tsx would
 * otherwise compile it to CommonJS, whose require('text-gauntlet') no ESM
 * hook sees (Node 20 has no synchronous require hooks).
 */
export function selfResolveHook(entryUrl: string): string {
  const code = [
    `const SELF = ${JSON.stringify(entryUrl)};`,
    'export async function resolve(specifier, context, nextResolve) {',
    '  const resolved = await nextResolve(specifier === \'text-gauntlet\' ? SELF : specifier, context);',
    "  if (!resolved.url.startsWith('file:') || !/\\.m?ts$/.test(new URL(resolved.url).pathname)) return resolved;",
    "  return resolved.format === 'module' || resolved.format === 'module-typescript' ? resolved : { ...resolved, format: 'module' };",
    '}',
  ].join('\n');
  return `data:text/javascript,${encodeURIComponent(code)}`;
}

let selfHook = false;
let tsxReady: Promise<void> | undefined;

/**
 * Makes `import(file)` of a user module work: registers the `text-gauntlet`
 * resolve hook (once per process) and, for a `.ts` module, tsx's loader.
 * Throws a CONFIG error (exit 2) naming `where` when tsx is missing.
 */
export async function prepareUserImport(file: string, where: string): Promise<void> {
  if (!selfHook) {
    selfHook = true;
    register(selfResolveHook(selfEntryUrl()), import.meta.url);
  }
  if (!TYPESCRIPT_EXTENSIONS.has(extname(file).toLowerCase())) return;
  tsxReady ??= registerTsx(file);
  try {
    await tsxReady;
  } catch (error) {
    tsxReady = undefined;
    throw new GauntletError('CONFIG', `${where}: ${TSX_MISSING}`, { cause: error });
  }
}

/** tsx's global ESM loader, found beside this package or else beside the user's module. */
async function registerTsx(file: string): Promise<void> {
  type TsxApi = { register: () => unknown };
  let api: TsxApi;
  try {
    // A variable specifier: tsx stays optional, never a static import of the build.
    const name = 'tsx/esm/api';
    api = (await import(name)) as TsxApi;
  } catch {
    const beside = createRequire(file).resolve('tsx/esm/api');
    api = (await import(pathToFileURL(beside).href)) as TsxApi;
  }
  api.register();
}

/**
 * Imports a user module (after {@link prepareUserImport}), failing with a
 * CONFIG error naming `where` when it throws or does not finish loading
 * within `timeoutMs` (a top-level await that never settles must not hang
 * the CLI).
 */
export async function importUserModule(file: string, where: string, timeoutMs: number): Promise<Record<string, unknown>> {
  await prepareUserImport(file, where);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GauntletError('CONFIG', `${where}: the module did not finish loading within ${timeoutMs / 1000} s (a top-level await that never settles?)`)), timeoutMs);
  });
  try {
    return (await Promise.race([import(pathToFileURL(file).href), timeout])) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof GauntletError) throw error;
    throw new GauntletError('CONFIG', `${where}: the module failed to load: ${(error as Error).message ?? String(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
