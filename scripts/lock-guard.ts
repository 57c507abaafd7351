/**
 * Checks that an install depends only on package-lock.json (issue 15).
 *
 * npm re-resolves a dependency spec that is a dist-tag (`"tar": "latest"`),
 * a URL or a git reference instead of trusting the locked version, so the day
 * upstream moves the tag, `npm ci` refuses the lock and `npm install` takes a
 * version nobody tested. Plain semver ranges are fine: the locked version
 * satisfies them. Install scripts are the other way an install escapes the
 * lock (they fetch or unpack), so every package that has one is listed too.
 */

/** Why a dependency spec cannot be satisfied by the lock alone; undefined when it can. */
export type SpecProblem = 'dist-tag' | 'url' | 'git' | 'path outside the repo';

export interface LockFinding {
  /** The lock entry whose manifest asks for the dependency ("" is the project itself). */
  entry: string;
  dependency: string;
  spec: string;
  problem: SpecProblem;
}

/** The parts of a package-lock.json (lockfileVersion 2 or 3) this guard reads. */
export interface PackageLock {
  lockfileVersion?: number;
  packages?: Record<string, LockEntry>;
}

interface LockEntry {
  name?: string;
  version?: string;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const SPEC_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'] as const;

// One comparator of node-semver's grammar: an operator, then a partial version with x/* wildcards.
const PARTIAL = String.raw`v?(?:0|[1-9]\d*|[xX*])(?:\.(?:0|[1-9]\d*|[xX*])){0,2}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?`;
const COMPARATOR = String.raw`(?:<=|>=|<|>|=|~>|~|\^)?\s*${PARTIAL}`;
const RANGE_SET = new RegExp(String.raw`^(?:${PARTIAL}\s+-\s+${PARTIAL}|${COMPARATOR}(?:\s+${COMPARATOR})*)$`);

function isSemverRange(spec: string): boolean {
  const trimmed = spec.trim();
  if (trimmed === '' || trimmed === '*') return true;
  return trimmed.split('||').every((set) => {
    const s = set.trim();
    return s === '' || s === '*' || RANGE_SET.test(s);
  });
}

/** Classifies one dependency spec as npm reads it; undefined when the locked version settles it. */
export function specProblem(spec: string): SpecProblem | undefined {
  const s = spec.trim();
  if (s.startsWith('npm:')) {
    // An alias, `npm:name@spec`: judge the spec after the (possibly scoped) name.
    const at = s.indexOf('@', s.startsWith('npm:@') ? 5 : 4);
    return at < 0 ? 'dist-tag' : specProblem(s.slice(at + 1));
  }
  if (/^(?:git\+[a-z]+|git):/i.test(s) || /^(?:github|gitlab|bitbucket|gist):/i.test(s)) return 'git';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return /\.git(?:#|$)/.test(s) ? 'git' : 'url';
  if (/^(?:file|link):/.test(s)) {
    const path = s.replace(/^(?:file|link):/, '');
    return path.startsWith('/') || path.startsWith('~/') || path.startsWith('..') ? 'path outside the repo' : undefined;
  }
  if (s.startsWith('/') || s.startsWith('~/') || s.startsWith('../')) return 'path outside the repo';
  if (s.startsWith('./')) return undefined;
  if (isSemverRange(s)) return undefined;
  // `owner/repo` or `owner/repo#ref` is GitHub shorthand.
  if (/^[^\s@/]+\/[^\s/]+$/.test(s)) return 'git';
  return 'dist-tag';
}

/** Every dependency spec in the lock that the lock alone cannot satisfy. */
export function lockFindings(lock: PackageLock): LockFinding[] {
  const findings: LockFinding[] = [];
  for (const [entry, pkg] of Object.entries(lock.packages ?? {})) {
    for (const field of SPEC_FIELDS) {
      for (const [dependency, spec] of Object.entries(pkg[field] ?? {})) {
        const problem = specProblem(spec);
        if (problem) findings.push({ entry, dependency, spec, problem });
      }
    }
  }
  return findings;
}

/** Throws one line per finding: the guard `npm test` runs on the real lock. */
export function assertLockOnly(lock: PackageLock, file: string): void {
  const findings = lockFindings(lock);
  if (findings.length > 0) throw new Error(`${file}: install does not depend only on the lock:\n${findings.map(describeFinding).join('\n')}`);
}

/** One line a maintainer can act on: which package asks for what. */
export function describeFinding(f: LockFinding): string {
  const who = f.entry === '' ? 'the project' : f.entry.replace(/^(?:.*\/)?node_modules\//, '');
  return `${who} depends on "${f.dependency}": "${f.spec}" (${f.problem}); npm re-resolves it instead of using the lock`;
}

/** Names of the packages in the lock that run an install script (preinstall, install or postinstall). */
export function packagesWithInstallScripts(lock: PackageLock): string[] {
  const names = new Set<string>();
  for (const [entry, pkg] of Object.entries(lock.packages ?? {})) {
    if (entry !== '' && pkg.hasInstallScript) names.add(pkg.name ?? entry.replace(/^(?:.*\/)?node_modules\//, ''));
  }
  return [...names].sort();
}

/** Checks lockfileVersion and shape first, so a damaged lock fails with a reason, not a TypeError. */
export function parseLock(text: string, file: string): PackageLock {
  let lock: unknown;
  try {
    lock = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const packages = (lock as PackageLock | null)?.packages;
  if (typeof packages !== 'object' || packages === null) throw new Error(`${file}: no "packages" map (lockfileVersion 2 or 3 is needed)`);
  return lock as PackageLock;
}
