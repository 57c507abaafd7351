import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TASKS, type Detector, type DetectorIdentity, type Task } from '../core/types.js';
import { GauntletError, usageError } from '../core/errors.js';
import { sha256 } from '../core/io.js';
import { redactUrl, scrubSecrets, secretsOf } from '../core/redact.js';
import { DETECTORS, findDetector, type DetectorEntry } from './registry.js';
import { DetectorConfig, describeIssues, type ExecConfig, type HttpConfig, type ModuleConfig } from './config.js';
import { EXEC_DEFAULTS, ExecPool } from './adapters/exec.js';
import { HTTP_DEFAULTS, HttpClient } from './adapters/http.js';
import { checkedDetector, importDetectorModule } from './adapters/module.js';
import { vouch } from './validate.js';
import { prepareUserImport, USER_MODULE_EXTENSIONS } from '../core/user-module.js';

/** A detector ready for the runner, with its identity and batching hints. */
export interface LoadedDetectorInfo {
  detector: Detector;
  identity: DetectorIdentity;
  /** Items per score() call that suit this transport. */
  batchSize?: number;
  /** True when nothing named the detector's tasks (config, module, handshake), so it was given all of them. */
  tasksDefaulted?: boolean;
  /** score() calls worth keeping in flight at once (pipelining). */
  concurrency?: number;
}

export interface LoadOptions {
  /**
   * Receives the detector's stderr lines and every protocol complaint
   * (rejected answers, restarts, retries), prefixed with the detector's
   * name. The runner points it at the run's log.txt. Default: stderr.
   */
  onLog?: (line: string) => void;
  /**
   * Receives, once per detector and cause, what is worth a console note
   * although the details only go to `onLog` (an exec detector printing
   * non-protocol lines to stdout). Prefixed with the detector's name.
   */
  onWarn?: (message: string) => void;
  /** How to name an inline config object in errors, e.g. `suite.json: detectors[2]`. */
  where?: string;
}

const MODULE_EXTENSIONS = USER_MODULE_EXTENSIONS;

/**
 * Loads a detector from a built-in name, a path to a `.json` config (or an
 * ES module), or a config object from a suite's `detectors` list. Relative
 * paths in a JSON file resolve against the file's folder; in an object,
 * against `baseDir`. Bad config throws a usage error (exit 2) naming the file
 * and field. An exec detector's processes are started here, so that its
 * handshake can name it before the run begins.
 */
export async function loadDetector(spec: string | Record<string, unknown>, baseDir: string, options: LoadOptions = {}): Promise<LoadedDetectorInfo> {
  if (typeof spec !== 'string') return fromConfig(spec, baseDir, options.where ?? 'detector config', undefined, options);
  const builtin = findDetector(spec);
  if (builtin) return loadBuiltin(builtin);
  const ext = extname(spec).toLowerCase();
  if (ext !== '.json' && !MODULE_EXTENSIONS.has(ext)) {
    throw usageError(`unknown detector "${spec}" (built-ins: ${DETECTORS.map((d) => d.name).join(', ')}; or a path to a detector .json file or an .mjs / .ts module)`);
  }
  const path = resolve(baseDir, spec);
  if (!existsSync(path)) throw usageError(`${options.where ? `${options.where}: ` : ''}${spec}: detector file not found (looked in ${path})`);
  const defaultName = basename(path, extname(path));
  if (MODULE_EXTENSIONS.has(ext)) return fromConfig({ type: 'module', path }, dirname(path), options.where ? `${options.where}: ${spec}` : spec, defaultName, options);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw usageError(`${spec}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw usageError(`${spec}: expected a JSON object like {"type": "exec", "command": ["python3", "det.py"]}`);
  return fromConfig(raw as Record<string, unknown>, dirname(path), spec, defaultName, options);
}

async function loadBuiltin(entry: DetectorEntry): Promise<LoadedDetectorInfo> {
  const detector = await entry.load();
  const hash = sha256(`${detector.name}@${detector.version}\n${builtinSourceHash(entry.name, detector)}`);
  return { detector, identity: { name: detector.name, version: detector.version, hash, tasks: detector.tasks } };
}

/** Hash of a built-in's own source file (baselines/<name>.js in dist, .ts under tsx), else of its functions. */
function builtinSourceHash(name: string, detector: Detector): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const ext of ['.js', '.ts']) {
    const file = resolve(here, 'baselines', `${name}${ext}`);
    if (existsSync(file)) return sha256(readFileSync(file));
  }
  return sha256(`${String(detector.init)}\n${String(detector.score)}`);
}

async function fromConfig(raw: Record<string, unknown>, baseDir: string, where: string, defaultName: string | undefined, options: LoadOptions): Promise<LoadedDetectorInfo> {
  const parsed = DetectorConfig.safeParse(raw);
  if (!parsed.success) throw usageError(`${where}: ${describeIssues(parsed.error)}`);
  const config = parsed.data;
  const sink = options.onLog ?? ((line: string) => process.stderr.write(`${line}\n`));
  switch (config.type) {
    case 'exec':
      return loadExec(config, baseDir, where, defaultName, sink, options.onWarn);
    case 'http':
      return { ...loadHttp(config, where, defaultName, sink), tasksDefaulted: config.tasks === undefined };
    case 'module':
      return loadModule(config, baseDir, where, defaultName, sink);
  }
}

function identityOf(name: string, version: string, tasks: readonly Task[], what: unknown): DetectorIdentity {
  return { name, version, tasks, hash: sha256(JSON.stringify({ name, version, tasks, what })) };
}

/** Content hashes of the command's arguments that are files (the script, a model...), so editing them changes the identity. */
function commandFiles(command: readonly string[], cwd: string): Record<string, string> {
  const files: Record<string, string> = {};
  command.forEach((arg, i) => {
    // A bare program name (python3) is looked up on PATH; it is not part of the detector.
    if (i === 0 && !arg.includes('/')) return;
    const path = isAbsolute(arg) ? arg : resolve(cwd, arg);
    try {
      const stat = statSync(path);
      if (stat.isFile() && stat.size <= 64 << 20) files[arg] = sha256(readFileSync(path));
    } catch {
      // not a file: an ordinary argument
    }
  });
  return files;
}

async function loadExec(
  config: ExecConfig,
  baseDir: string,
  where: string,
  defaultName: string | undefined,
  sink: (line: string) => void,
  warn?: (message: string) => void,
): Promise<LoadedDetectorInfo> {
  const cwd = resolve(baseDir, config.cwd ?? '.');
  const fallbackName = defaultName ?? basename(config.command.find((a, i) => i > 0 && /\.\w+$/.test(a)) ?? config.command[0]).replace(/\.\w+$/, '');
  let label = config.name ?? fallbackName;
  const processes = config.processes ?? config.concurrency ?? EXEC_DEFAULTS.processes;
  const handshake = config.handshake ?? (config.name && config.version && config.tasks ? 'none' : EXEC_DEFAULTS.handshake);
  // env values may be secrets, and a detector may print its environment: scrub them from what is written.
  const secrets = secretsOf({ env: config.env ?? {} });
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const pool = new ExecPool({
    command: config.command,
    cwd,
    env: config.env,
    processes,
    timeoutMs: config.timeoutMs ?? EXEC_DEFAULTS.timeoutMs,
    maxResponseBytes: config.maxResponseBytes ?? EXEC_DEFAULTS.maxResponseBytes,
    pipelineDepth: config.pipelineDepth ?? EXEC_DEFAULTS.pipelineDepth,
    handshake,
    handshakeWaitMs: config.handshakeWaitMs ?? EXEC_DEFAULTS.handshakeWaitMs,
    startupTimeoutMs: config.startupTimeoutMs ?? EXEC_DEFAULTS.startupTimeoutMs,
    maxRestarts: config.maxRestarts ?? EXEC_DEFAULTS.maxRestarts,
    onLog: (line) => sink(scrub(`${label}: ${line}`)),
    onWarn: warn && ((message) => warn(scrub(`${label}: ${message}`))),
  });
  try {
    await pool.start();
  } catch (error) {
    await pool.close(0);
    throw new GauntletError('RUNTIME', scrub(`${where}: cannot start detector ${JSON.stringify(config.command)}: ${(error as Error).message}`));
  }
  const shake = pool.handshake ?? {};
  label = config.name ?? shake.name ?? fallbackName;
  const version = config.version ?? shake.version ?? '0';
  const tasks = (config.tasks as Task[] | undefined) ?? shake.tasks ?? TASKS;
  const detector: Detector = {
    name: label,
    version,
    tasks,
    description: config.description ?? `exec: ${config.command.join(' ')}`,
    score: async (items) => {
      const results = await pool.score(items);
      return secrets.length === 0 ? results : vouch(results.map((r) => (r.status === 'error' ? { ...r, error: scrub(r.error) } : r)));
    },
    close: () => pool.close(),
  };
  const identity = identityOf(label, version, tasks, { type: 'exec', command: config.command, env: config.env ?? {}, files: commandFiles(config.command, cwd) });
  const tasksDefaulted = config.tasks === undefined && shake.tasks === undefined;
  return { detector, identity, batchSize: config.batchSize ?? EXEC_DEFAULTS.pipelineDepth, concurrency: processes * 2, tasksDefaulted };
}

/**
 * `http://user:password@host/...` is accepted: fetch refuses credentials in
 * a URL, so they become an `Authorization: Basic` header, and from then on
 * only the URL without them is used, hashed or written.
 */
function urlCredentials(config: HttpConfig, where: string): { url: string; headers?: Record<string, string> } {
  const parsed = new URL(config.url);
  if (parsed.username === '' && parsed.password === '') return { url: config.url, headers: config.headers };
  if (Object.keys(config.headers ?? {}).some((h) => h.toLowerCase() === 'authorization')) {
    throw usageError(`${where}: url: has credentials (user:password@) and headers has an Authorization header too; keep one (a header is the better place)`);
  }
  const basic = Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64');
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.href, headers: { ...config.headers, Authorization: `Basic ${basic}` } };
}

function loadHttp(config: HttpConfig, where: string, defaultName: string | undefined, sink: (line: string) => void): LoadedDetectorInfo {
  const { url, headers } = urlCredentials(config, where);
  const name = config.name ?? defaultName ?? `http-${new URL(url).host.replace(/[^\w.-]/g, '-')}`;
  const version = config.version ?? '0';
  const tasks = (config.tasks as Task[] | undefined) ?? TASKS;
  const batchSize = config.batchSize ?? HTTP_DEFAULTS.batchSize;
  const concurrency = config.concurrency ?? HTTP_DEFAULTS.concurrency;
  const client = new HttpClient({
    url,
    headers,
    batchSize,
    concurrency,
    timeoutMs: config.timeoutMs ?? HTTP_DEFAULTS.timeoutMs,
    retries: config.retries ?? HTTP_DEFAULTS.retries,
    backoffMs: config.backoffMs ?? HTTP_DEFAULTS.backoffMs,
    maxBackoffMs: HTTP_DEFAULTS.maxBackoffMs,
    maxResponseBytes: config.maxResponseBytes ?? HTTP_DEFAULTS.maxResponseBytes,
    onLog: (line) => sink(`${name}: ${line}`),
  });
  const detector: Detector = { name, version, tasks, description: config.description ?? `http: ${redactUrl(url)}`, score: (items) => client.score(items) };
  // Header values may hold secrets: only their names enter the hash (the query stays: it may pick a model).
  const identity = identityOf(name, version, tasks, { type: 'http', url, headers: Object.keys(config.headers ?? {}).sort() });
  return { detector, identity, batchSize, concurrency };
}

async function loadModule(config: ModuleConfig, baseDir: string, where: string, defaultName: string | undefined, sink: (line: string) => void): Promise<LoadedDetectorInfo> {
  const path = resolve(baseDir, config.path);
  if (!existsSync(path)) throw usageError(`${where}: path: module not found: ${config.path}`);
  // The text-gauntlet resolve hook, and tsx for a .ts module (a missing tsx is a one-line CONFIG error).
  await prepareUserImport(path, `${where}: path`);
  let imported: Awaited<ReturnType<typeof importDetectorModule>>;
  try {
    imported = await importDetectorModule(path);
  } catch (error) {
    throw usageError(`${where}: path: ${(error as Error).message}`);
  }
  const inner = imported.detector;
  let name = config.name ?? inner.name ?? defaultName;
  const detector = checkedDetector(inner, { name, version: config.version, tasks: config.tasks as Task[] | undefined, description: config.description }, (line) => sink(`${name}: ${line}`), config.startupTimeoutMs);
  name = detector.name;
  const identity = identityOf(detector.name, detector.version, detector.tasks, { type: 'module', source: sha256(imported.source) });
  return { detector, identity, batchSize: config.batchSize, tasksDefaulted: config.tasks === undefined && inner.tasks === undefined };
}
