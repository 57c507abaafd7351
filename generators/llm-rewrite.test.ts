import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import llm from './llm-rewrite.js';
import { alignEdits } from './llm/align.js';
import { judgeAnswer } from './llm/judge.js';
import { startFakeLlm, type FakeLlm } from './llm/fixtures/fake-server.js';
import { checkEdits } from '../core/compose.js';
import { sliceCodePoints } from '../core/text.js';
import { splitSentences } from './sentences.js';
import type { Params } from '../core/types.js';

const TEXT = 'The government said on Tuesday that talks with Mexico would resume. Negotiators expect 24 meetings before March.\nRobert Lighthizer did not comment on the schedule. Officials described the atmosphere as constructive and businesslike.';
const KEY = 'sk-test-SECRET-0123456789';

let server: FakeLlm;
let dir: string;
beforeAll(async () => {
  server = await startFakeLlm();
  dir = mkdtempSync(join(tmpdir(), 'llm-rewrite-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
/** Prepares the generator on a fresh cassette and runs one sample through prefetch and generate. */
async function run(params: Record<string, string | number | boolean>, intensity: number, seed = 's1', text = TEXT, env: Record<string, string> = { FAKE_KEY: KEY }) {
  const all: Params = { endpoint: server.url, model: 'fake-1', 'key-env': 'FAKE_KEY', cassette: join(dir, `c${n++}.jsonl`), backoff: 1, ...params };
  await llm.prepare!(all, { env });
  const options = { intensity, seed, params: all };
  await llm.prefetch!([{ text, options }]);
  return { result: llm.generate(text, options), params: all };
}

describe('llm-rewrite alignment', () => {
  it('edits slice exactly and replay into the output, for any rewrite (property)', () => {
    const word = fc.constantFrom('the', 'talks', 'Mexico', '24', 'said', 'é', '😀x', ',', '.', 'not', 'March');
    const space = fc.constantFrom(' ', '  ', '\n', '\t', '');
    const text = fc.array(fc.tuple(word, space), { maxLength: 25 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const { edits } = alignEdits(a, b, 'llm-paraphrase');
        expect(checkEdits(a, b, edits)).toBeUndefined();
        for (const e of edits) {
          expect(sliceCodePoints(a, ...e.sourceSpan)).toBe(e.before);
          expect(sliceCodePoints(b, ...e.outputSpan)).toBe(e.after);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('llm-rewrite against a fake endpoint', () => {
  it('document scope: the strength goes into the prompt, realized = share of source words changed, facts marked', async () => {
    const { result } = await run({ op: 'paraphrase' }, 0.6);
    expect(result.failure).toBeUndefined();
    expect(result.text).not.toBe(TEXT);
    expect(checkEdits(TEXT, result.text, result.edits)).toBeUndefined();
    expect(result.realizedIntensity).toBeGreaterThan(0);
    expect(result.realizedIntensity).toBeLessThan(1);
    expect(result.edits.every((e) => e.kind === 'llm-paraphrase')).toBe(true);
    // The fake model bumps numbers: "24" -> "25" is a number fact change.
    if (!result.text.includes('24 meetings')) expect(result.edits.some((e) => e.factType === 'number')).toBe(true);
  });

  it('scope=sentences: unchosen sentences byte-identical, chosen ones nest across intensities', async () => {
    const low = (await run({ scope: 'sentences' }, 0.3, 'nest')).result;
    const high = (await run({ scope: 'sentences' }, 0.8, 'nest')).result;
    const sentences = splitSentences(TEXT).map((s) => sliceCodePoints(TEXT, s.start, s.end));
    const kept = (out: string) => sentences.filter((s) => out.includes(s));
    for (const r of [low, high]) expect(checkEdits(TEXT, r.text, r.edits)).toBeUndefined();
    // Every sentence the heavier rewrite kept, the lighter one kept too (its rewritten set is a subset).
    for (const s of kept(high.text)) expect(kept(low.text)).toContain(s);
    expect(high.realizedIntensity).toBeGreaterThanOrEqual(low.realizedIntensity);
    expect(low.eligible).toBe(sentences.length);
    // A sentence rewritten at both levels is rewritten the same way (one recorded answer).
    const lowEdits = low.edits.map((e) => `${e.sourceSpan}:${e.after}`);
    const highEdits = new Set(high.edits.map((e) => `${e.sourceSpan}:${e.after}`));
    for (const e of lowEdits) expect(highEdits.has(e)).toBe(true);
  });

  it('back-translate makes two calls through the pivot; expand and compress change the length', async () => {
    const before = server.total();
    const bt = (await run({ op: 'back-translate' }, 1, 'bt')).result;
    expect(server.total() - before).toBe(2);
    expect(bt.text.startsWith('FR:')).toBe(false);
    expect(checkEdits(TEXT, bt.text, bt.edits)).toBeUndefined();
    expect((await run({ op: 'expand' }, 0.5)).result.text.length).toBeGreaterThan(TEXT.length);
    expect((await run({ op: 'compress' }, 0.5)).result.text.length).toBeLessThan(TEXT.length);
  });

  it.each([
    ['refusal', 'llm-rewrite:refusal'],
    ['truncated', 'llm-rewrite:truncated'],
    ['empty', 'llm-rewrite:empty'],
    ['wrong-language', 'llm-rewrite:wrong-language'],
  ] as const)('a %s answer is a failure with its reason, not a rewrite', async (behaviour, reason) => {
    server.behave = () => behaviour;
    try {
      const { result } = await run({}, 0.5, behaviour);
      expect(result.failure).toBe(reason);
      expect(result.text).toBe(TEXT);
      expect(result.edits).toEqual([]);
    } finally {
      server.behave = () => 'ok';
    }
  });

  it('retries 429 (Retry-After), 500, malformed JSON and timeouts, then succeeds; gives up after the cap', async () => {
    const plan = ['429', '500', 'malformed', 'slow'] as const;
    let i = 0;
    server.behave = () => plan[i++] ?? 'ok';
    try {
      const before = server.total();
      const { result } = await run({ timeout: 150, retries: 4 }, 0.5, 'retry');
      expect(result.failure).toBeUndefined();
      expect(server.total() - before).toBe(5);
      server.behave = () => '500';
      const failed = await run({ retries: 2 }, 0.5, 'cap');
      expect(failed.result.failure).toBe('llm-rewrite:server-error');
    } finally {
      server.behave = () => 'ok';
    }
  });

  it('replays from the cassette offline (no call), and an offline miss names the missing entry', async () => {
    const { result, params } = await run({}, 0.5, 'replay');
    const before = server.total();
    await llm.prepare!({ ...params, offline: true }, {});
    const options = { intensity: 0.5, seed: 'replay', params: { ...params, offline: true } };
    await llm.prefetch!([{ text: TEXT, options }]);
    expect(llm.generate(TEXT, options).text).toBe(result.text);
    expect(server.total()).toBe(before);
    const miss = { ...options, seed: 'never-recorded' };
    await expect(llm.prefetch!([{ text: TEXT, options: miss }])).rejects.toThrow(/offline.*no answer recorded for key [0-9a-f]{64} \(model fake-1, op paraphrase/);
    expect(llm.provenance!(options.params)).toMatchObject({ model: 'fake-1', servedModel: 'fake-1-served', promptVersion: 'llm-rewrite/1' });
  });

  it('sends the key only in the Authorization header: never in the cassette or an error', async () => {
    server.authorizations.length = 0;
    const { params } = await run({}, 0.5, 'key');
    expect(server.authorizations).toContain(`Bearer ${KEY}`);
    expect(readFileSync(String(params.cassette), 'utf8')).not.toContain(KEY);
    await expect(llm.prepare!({ ...params, 'key-env': 'MISSING_KEY_VAR' }, { env: {} })).rejects.toThrow(/MISSING_KEY_VAR/);
  });

  it('judges answers: refusal openings, cut answers, preambles', () => {
    const a = (content: string, finishReason = 'stop') => judgeAnswer({ content, finishReason, servedModel: 'm' }, { source: TEXT, expectLanguage: 'English' });
    expect(a('I cannot assist with that request.')).toEqual({ ok: false, reason: 'refusal' });
    expect(a('The talks said "I cannot" twice.')).toMatchObject({ ok: true });
    expect(a('Here is the paraphrased text:\n\nThe talks resumed.')).toEqual({ ok: true, text: 'The talks resumed.' });
    expect(a('The talks', 'length')).toEqual({ ok: false, reason: 'truncated' });
  });
});
