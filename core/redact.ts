/**
 * Secrets in detector configs (HTTP header values, exec `env` values, URL
 * credentials and query values) must never reach a file the README says to
 * commit (run.json, a dataset's manifest, scores.jsonl error records) nor a
 * log. Names and keys are kept, so a reader still sees which were set.
 */

/** What a redacted value reads as. */
export const REDACTED = '<redacted>';

/** The URL without user, password or query values (query keys kept). */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = '';
    parsed.password = '';
  }
  const keys = [...new Set(parsed.searchParams.keys())];
  if (keys.length > 0) parsed.search = keys.map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(REDACTED)}`).join('&');
  return parsed.href;
}

type Spec = string | Record<string, unknown>;

/** A detector spec as stored: header and env values redacted, the URL without credentials or query values. */
export function redactDetectorSpec<T extends Spec>(spec: T): T {
  if (typeof spec === 'string') return spec;
  const out: Record<string, unknown> = { ...spec };
  for (const field of ['headers', 'env']) {
    const map = out[field];
    if (map && typeof map === 'object' && !Array.isArray(map)) out[field] = Object.fromEntries(Object.keys(map).map((k) => [k, REDACTED]));
  }
  if (typeof out.url === 'string') out.url = redactUrl(out.url);
  return out as T;
}

/** True when a stored spec lost values to redaction (it cannot be reloaded from run.json alone). */
export function wasRedacted(spec: Spec): boolean {
  return typeof spec !== 'string' && JSON.stringify(redactDetectorSpec(spec)) !== JSON.stringify(spec);
}

/** The secret strings of a spec, longest first, for scrubbing free text such as error messages. */
export function secretsOf(spec: Spec): string[] {
  if (typeof spec === 'string') return [];
  const found: string[] = [];
  for (const field of ['headers', 'env']) {
    const map = spec[field];
    if (map && typeof map === 'object' && !Array.isArray(map)) for (const v of Object.values(map)) if (typeof v === 'string' && v.length >= 4) found.push(v);
  }
  if (typeof spec.url === 'string') {
    try {
      const u = new URL(spec.url);
      if (u.password) found.push(u.password, decodeURIComponent(u.password));
      if (u.username) found.push(u.username);
      for (const v of u.searchParams.values()) if (v.length >= 4) found.push(v);
    } catch {
      // not a URL: nothing of it is secret beyond what the fields hold
    }
  }
  // A header like "Bearer abc...": the token alone may appear in an echoed message too.
  for (const v of [...found]) for (const part of v.split(/\s+/)) if (part.length >= 8 && part !== v) found.push(part);
  return [...new Set(found)].sort((a, b) => b.length - a.length);
}

/** The text with every secret replaced by REDACTED. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s !== '' && out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}
