import { defineGenerator, type Edit, type GenerateOptions, type GenerateResult, type GeneratorRuntime, type Params, type PrefetchRequest } from '../core/types.js';
import { createRng } from '../core/rng.js';
import { GauntletError } from '../core/errors.js';
import { stableStringify } from '../core/io.js';
import { CodePointIndex } from '../core/text.js';
import { realizedShare } from '../core/edits.js';
import { splitSentences } from './sentences.js';
import { alignEdits } from './llm/align.js';
import { markFactChanges } from './llm/facts.js';
import { PARAMS, readConfig, sessionKey, type LlmConfig } from './llm/config.js';
import { promptSteps, PROMPT_VERSION } from './llm/prompts.js';
import { Session, type Call, type Outcome } from './llm/session.js';

/**
 * Sessions by endpoint, model and cassette, shared by every op a build runs
 * on them (one limiter, one cassette): `prepare` opens a new one each time,
 * so a build sees the cassette as it is now, and points the params it was
 * given at it; `prefetch` fills it; `generate` reads it.
 */
const sessions = new Map<string, Session>();
/** Params (as prepare and generate both get them) -> their resolved config and session key. */
const prepared = new Map<string, { config: LlmConfig; session: string }>();

function sessionFor(params: Params | undefined): { session: Session; config: LlmConfig } {
  const found = prepared.get(stableStringify(params ?? {}));
  if (!found) throw new GauntletError('RUNTIME', 'llm-rewrite: used before prepare');
  return { session: sessions.get(found.session)!, config: found.config };
}

/** One stretch of the source to rewrite: the whole text (trimmed) or one chosen sentence. */
interface Unit {
  start: number;
  end: number;
  text: string;
}

/** What a sample rewrites: scope=sentences picks sentences with one uniform each (nested: u < intensity). */
function unitsOf(text: string, options: GenerateOptions, config: LlmConfig): { units: Unit[]; eligible: number; index: CodePointIndex } {
  const index = new CodePointIndex(text);
  if (config.scope === 'document') {
    const lead = text.length - text.trimStart().length;
    const trail = text.trimEnd().length;
    const start = index.toCodePoint(lead);
    const end = index.toCodePoint(Math.max(lead, trail));
    const units = options.intensity > 0 && end > start ? [{ start, end, text: index.slice(start, end) }] : [];
    return { units, eligible: 0, index };
  }
  const sentences = splitSentences(text, index);
  const rng = createRng(options.seed);
  const units: Unit[] = [];
  for (const s of sentences) {
    // Drawn for every sentence, chosen or not, so a sentence's draw never depends on the intensity.
    if (rng() < options.intensity) units.push({ start: s.start, end: s.end, text: index.slice(s.start, s.end) });
  }
  return { units, eligible: sentences.length, index };
}

/** The calls of one unit, built as each answer arrives (back-translation feeds the pivot text to its second call). */
function callsFor(config: LlmConfig, unit: Unit, options: GenerateOptions): (input: string, i: number) => Call | undefined {
  const steps = promptSteps(config.op, { language: config.language, pivot: config.pivot, ...(config.scope === 'document' ? { strength: options.intensity } : {}) });
  return (input, i) => (i < steps.length ? { op: config.op, step: steps[i], input, seed: options.seed, ...(steps[i].name === 'to-pivot' ? {} : { expectLanguage: config.language }) } : undefined);
}

async function fetchUnit(session: Session, config: LlmConfig, unit: Unit, options: GenerateOptions): Promise<void> {
  const next = callsFor(config, unit, options);
  let input = unit.text;
  for (let i = 0, call = next(input, 0); call; call = next(input, ++i)) {
    const outcome = await session.fetch(call);
    if (!outcome.ok) return;
    input = outcome.text;
  }
}

function readUnit(session: Session, config: LlmConfig, unit: Unit, options: GenerateOptions): Outcome {
  const next = callsFor(config, unit, options);
  let outcome: Outcome = { ok: true, text: unit.text };
  for (let i = 0, call = next(unit.text, 0); call; call = next(outcome.text, ++i)) {
    outcome = session.get(call);
    if (!outcome.ok) return outcome;
  }
  return outcome;
}

export default defineGenerator({
  name: 'llm-rewrite',
  description: 'Rewrites text with a large language model (paraphrase, polish, expand, compress, back-translate) through an OpenAI-compatible endpoint, recorded in a cassette.',
  family: 'content',
  unit: 'source words changed (scope=document) or sentences rewritten (scope=sentences)',
  defaultIntensity: 0.5,
  params: PARAMS,

  async prepare(params?: Params, runtime?: GeneratorRuntime) {
    const config = readConfig(params ?? {}, runtime);
    const key = sessionKey(config);
    sessions.set(key, new Session(config, runtime));
    prepared.set(stableStringify(params ?? {}), { config, session: key });
    // The fact recognizers load WordNet (negation); load it now, not on the first sample.
    const { loadWordNet } = await import('../core/wordnet/index.js');
    await loadWordNet();
  },

  async prefetch(requests: readonly PrefetchRequest[]) {
    await Promise.all(
      requests.map(({ text, options }) => {
        const { session, config } = sessionFor(options.params);
        return Promise.all(unitsOf(text, options, config).units.map((unit) => fetchUnit(session, config, unit, options)));
      }),
    );
  },

  estimate(requests: readonly PrefetchRequest[]) {
    const cost = { calls: 0, recorded: 0, inputChars: 0 };
    for (const { text, options } of requests) {
      const { session, config } = sessionFor(options.params);
      for (const unit of unitsOf(text, options, config).units) {
        const next = callsFor(config, unit, options);
        let input: string | undefined = unit.text;
        for (let i = 0, call = next(unit.text, 0); call; i++) {
          cost.calls++;
          // A later step's input is the earlier answer: known only when that answer is recorded.
          const outcome: Outcome | undefined = input === undefined ? undefined : session.recorded(call);
          if (outcome) cost.recorded++;
          else cost.inputChars += input?.length ?? unit.text.length;
          input = outcome?.ok ? outcome.text : undefined;
          call = next(input ?? unit.text, i + 1);
        }
      }
    }
    return cost;
  },

  provenance(params?: Params) {
    const { session, config } = sessionFor(params);
    return {
      model: config.model,
      servedModel: session.cassette.servedModels().join(','),
      promptVersion: PROMPT_VERSION,
      cassetteSha256: session.cassette.usedSha256(),
    };
  },

  generate(text: string, options: GenerateOptions): GenerateResult {
    const { session, config } = sessionFor(options.params);
    const { units, eligible, index } = unitsOf(text, options, config);
    const kind = `llm-${config.op}`;
    const parts: string[] = [];
    const edits: Edit[] = [];
    let cursor = 0;
    let shift = 0;
    let changedWords = 0;
    let sourceWords = 0;
    for (const unit of units) {
      const outcome = readUnit(session, config, unit, options);
      if (!outcome.ok) return { text, edits: [], requestedIntensity: options.intensity, realizedIntensity: 0, eligible, failure: `llm-rewrite:${outcome.reason}` };
      parts.push(index.slice(cursor, unit.start), outcome.text);
      const aligned = alignEdits(unit.text, outcome.text, kind, { source: unit.start, output: unit.start + shift });
      edits.push(...aligned.edits);
      changedWords += aligned.changedWords;
      sourceWords += aligned.sourceWords;
      shift += [...outcome.text].length - (unit.end - unit.start);
      cursor = unit.end;
    }
    parts.push(index.slice(cursor, index.length));
    const output = parts.join('');
    markFactChanges(text, output, edits);
    const realized = config.scope === 'sentences' ? realizedShare(units.length, eligible) : realizedShare(changedWords, sourceWords);
    return { text: output, edits, requestedIntensity: options.intensity, realizedIntensity: realized, eligible: config.scope === 'sentences' ? eligible : sourceWords };
  },
});
