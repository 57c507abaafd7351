import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { loadOrBuildCache } from '../../core/cache-file.js';
import { decodePacked, encodePacked, type PackedArrays, type PackedFormat } from '../../core/packed.js';
import { loadWordNetSync, wordNetCachePath, type WordNet } from '../../core/wordnet/index.js';
import { buildStringTable, NO_ID, spelledAs, StringTable } from '../../core/wordnet/format.js';
import { morphyKeys, SUFFIX_RULES, type MorphySource } from '../../core/wordnet/morphy.js';
import { exactNameOf, NAME_FACTS_VERSION, type ExactName, type NameFacts } from './fact-type.js';
import { SynsetNames } from './synset-names.js';

/**
 * The observed spinner's candidates, precomputed: for every lowercase form
 * whose WordNet lookup can succeed in one morphy round (every index lemma,
 * every exception-list form, and every form one suffix rule takes to a
 * lemma: "talks", "buses", "said"), the deduplicated lemma names of all its
 * synsets in NLTK order. A spin then costs one probe per distinct token
 * instead of four morphy passes and a walk over every member of every
 * synset, and a process that only spins need not open the WordNet index
 * at all: this table also carries the lemma names and what naiveFactType
 * needs to know of capitalized names.
 *
 * A form the table lacks has no candidates, except in one case the table
 * cannot list (there are infinitely many): NLTK keeps applying the suffix
 * rules while no result is a lemma ("ramblings" -> "rambling" -> "ramble",
 * "bess" -> "bes" -> "be"). `deepCandidates` runs those rounds over the
 * table's lemmas and merges the candidates of each (lemma, POS) it reaches,
 * which the table also keeps.
 *
 * Built from the WordNet index once (about 3 s) and cached next to it; the
 * file name carries the index's cache name, TABLE_VERSION, NAME_FACTS_VERSION
 * and a hash of morphy's suffix rules, so a new WordNet or new rules make a
 * new table. Name ids are the index's.
 */
const SCHEMA = {
  // lowercase forms, the index lemmas first (form id = WordNet key id): a string table, then
  // per form its flags and candidate list (NO_ID: none)
  formBytes: 'u8',
  formStart: 'u32',
  formTable: 'u32',
  formFlags: 'u8',
  formList: 'u32',
  // per index lemma and POS (lemma * 4 + pos): the candidate list of that POS's synsets alone
  lemmaPosList: 'u32',
  // distinct candidate lists: names of list i are listNames[listStart[i] .. listStart[i + 1])
  listStart: 'u32',
  listNames: 'u32',
  // lemma names by WordNet name id, as WordNet spells them
  nameBytes: 'u8',
  nameStart: 'u32',
  // capitalized names that are members of noun synsets: their kinds and aliases (see fact-type.ts ExactName)
  capBytes: 'u8',
  capStart: 'u32',
  capTable: 'u32',
  capKinds: 'u8',
  capAliasStart: 'u32',
  capAlias: 'u32',
  // 256 flags: the characters of index lemmas and exception forms
  lemmaChars: 'u8',
} as const;

/** Bump when the build rules or the layout change: the cache name carries it. */
const TABLE_VERSION = 3;
const FORMAT: PackedFormat<typeof SCHEMA> = { schema: SCHEMA, magic: 0x4e505357 /* "WSPN" */, version: TABLE_VERSION, label: 'naive-spin table' };

/** formFlags bits: the form is an index lemma (so a token spelled like one of its names is the token itself) ... */
const KEY = 1;
/** ... and, from bit 1, the POS (n, v, a, r) it is a lemma of. */
const POS_SHIFT = 1;

const POS_LETTERS = ['n', 'v', 'a', 'r'] as const;
const UPPER_START = /^\p{Lu}/u;

export class NaiveTable implements NameFacts, MorphySource {
  private readonly s: PackedArrays<typeof SCHEMA>;
  private readonly forms: StringTable;
  private readonly caps: StringTable;
  private readonly exact = new Map<number, ExactName>();
  private readonly nameBuffer: Buffer;

  constructor(packed: Buffer) {
    this.s = decodePacked(FORMAT, packed);
    this.forms = new StringTable(this.s.formBytes, this.s.formStart, this.s.formTable);
    this.caps = new StringTable(this.s.capBytes, this.s.capStart, this.s.capTable);
    this.nameBuffer = Buffer.from(this.s.nameBytes.buffer, this.s.nameBytes.byteOffset, this.s.nameBytes.byteLength);
  }

  /** Number of lemma names (WordNet name ids run 0 .. nameCount - 1). */
  get nameCount(): number {
    return this.s.nameStart.length - 1;
  }

  /** Form id of a token's lowercase form (lowercased on the fly: no string is built for ASCII tokens), or -1. */
  formOf(token: string): number {
    return this.forms.findFolded(token);
  }

  /** True when a listed form is an index lemma. */
  isLemma(form: number): boolean {
    return (this.s.formFlags[form] & KEY) !== 0;
  }

  /** Candidate list id of a listed form (NO_ID: none); its names run from listStart to listEnd, read with listName. */
  listOf(form: number): number {
    return this.s.formList[form];
  }
  listStart(list: number): number {
    return list === NO_ID ? 0 : this.s.listStart[list];
  }
  listEnd(list: number): number {
    return list === NO_ID ? 0 : this.s.listStart[list + 1];
  }
  listName(i: number): number {
    return this.s.listNames[i];
  }

  /**
   * Appends the candidates of a token whose lowercase form the table does
   * not list: those of the lemmas NLTK's further morphy rounds reach, POS
   * by POS, merged without duplicates in NLTK's order (what WordNet's own
   * lookup gives).
   */
  deepCandidates(token: string, pool: { push(id: number): void }): void {
    const lower = token.toLowerCase();
    // Most unlisted tokens end in no rule's suffix ("talks," "1960"), so no round starts, or hold a
    // character no lemma has ("“considering"), which no round strips: rules only take letters off the end.
    if (!RULE_SUFFIXES.some((suffix) => lower.endsWith(suffix))) return;
    const chars = this.s.lemmaChars;
    for (let i = 0; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      if (c > 0xff || chars[c] === 0) return;
    }
    let taken: number[] | undefined;
    for (let p = 0; p < 4; p++) {
      // The first round found no lemma (else the form would be listed), so only a second round can;
      // it runs only on first-round results that end in a rule's suffix ("ramblings" -> "rambling").
      if (!secondRoundStarts(lower, p)) continue;
      for (const lemma of morphyKeys(lower, p, this, -1, -1)) {
        const list = this.s.lemmaPosList[lemma * 4 + p];
        for (let i = this.listStart(list), end = this.listEnd(list); i < end; i++) {
          const name = this.s.listNames[i];
          taken ??= [];
          if (taken.includes(name)) continue;
          taken.push(name);
          pool.push(name);
        }
      }
    }
  }

  /** A lemma name as WordNet spells it (underscores kept). */
  name(id: number): string {
    return this.nameBuffer.toString('latin1', this.s.nameStart[id], this.s.nameStart[id + 1]);
  }

  /** True when name id `id` is spelled exactly `text`. */
  nameIs(id: number, text: string): boolean {
    return spelledAs(this.s.nameBytes, this.s.nameStart, id, text);
  }

  exactName(token: string): ExactName | undefined {
    const cap = this.caps.find(token);
    if (cap < 0) return undefined;
    let found = this.exact.get(cap);
    if (found === undefined) {
      const aliases = this.s.capAlias.subarray(this.s.capAliasStart[cap], this.s.capAliasStart[cap + 1]);
      found = { kinds: this.s.capKinds[cap], isAlias: (nameId) => aliases.includes(nameId) };
      this.exact.set(cap, found);
    }
    return found;
  }

  // ---- MorphySource over the listed lemmas (for hasDeepBase) ----

  /** @internal */
  keyOf(form: string): number {
    const id = this.forms.find(form);
    return id >= 0 && this.isLemma(id) ? id : -1;
  }
  /** @internal */
  keyOfJoined(form: string, prefixLength: number, suffix: string): number {
    const id = this.forms.findJoined(form, prefixLength, suffix);
    return id >= 0 && this.isLemma(id) ? id : -1;
  }
  /** @internal Every exception form is listed, so a form morphy asks about here is none. */
  exceptionOf(): number {
    return -1;
  }
  /** @internal */
  exceptionBasesOf(): undefined {
    return undefined;
  }
  /** @internal */
  keyHasPos(key: number, pos: number): boolean {
    return (this.s.formFlags[key] & (1 << (POS_SHIFT + pos))) !== 0;
  }
}

const EMPTY = new Uint32Array(0);

/**
 * True when some first-round result of morphy's rules for POS index `pos`
 * (`form` minus a rule's suffix plus its replacement) ends in a suffix of
 * that POS's rules, so a second round has something to work on. Builds no
 * string.
 */
function secondRoundStarts(form: string, pos: number): boolean {
  const rules = SUFFIX_RULES[POS_LETTERS[pos]];
  for (const [old, replacement] of rules) {
    if (!form.endsWith(old)) continue;
    const stem = form.length - old.length;
    for (const [next] of rules) if (joinedEndsWith(form, stem, replacement, next)) return true;
  }
  return false;
}

/** True when `form.slice(0, stem) + replacement` ends with `tail`. */
function joinedEndsWith(form: string, stem: number, replacement: string, tail: string): boolean {
  const length = stem + replacement.length;
  if (tail.length > length) return false;
  for (let i = 0; i < tail.length; i++) {
    const at = length - tail.length + i;
    const c = at < stem ? form.charCodeAt(at) : replacement.charCodeAt(at - stem);
    if (c !== tail.charCodeAt(i)) return false;
  }
  return true;
}

/** The suffixes morphy's rules strip ("s", "ses", "ing", ...), each once. */
const RULE_SUFFIXES: readonly string[] = [...new Set(Object.values(SUFFIX_RULES).flatMap((rules) => rules.map(([old]) => old)))];

/** Builds the packed table from a WordNet index. */
export function buildNaiveTable(wn: WordNet): Buffer {
  const forms = listedForms(wn);
  const formFlags = new Uint8Array(forms.length);
  const formList = new Uint32Array(forms.length);
  const lemmaPosList = new Uint32Array(wn.lemmaCount * 4);
  const lists = new ListStore(wn);
  forms.forEach((form, i) => {
    const key = wn.keyId(form);
    let flags = key >= 0 ? KEY : 0;
    for (let p = 0; p < 4; p++) if (key >= 0 && wn.keyHasPos(key, p)) flags |= 1 << (POS_SHIFT + p);
    formFlags[i] = flags;
    formList[i] = lists.add(wn.synsetIds(form));
  });
  for (let key = 0; key < wn.lemmaCount; key++) {
    for (let p = 0; p < 4; p++) lemmaPosList[key * 4 + p] = lists.add(wn.senses(key, p).synsets);
  }

  const caps: string[] = [];
  const capKinds: number[] = [];
  const capAliasStart: number[] = [0];
  const capAlias: number[] = [];
  for (let id = 0; id < wn.nameCount; id++) {
    const name = wn.name(id);
    if (!UPPER_START.test(name)) continue;
    const exact = exactNameOf(wn, name);
    if (exact === undefined) continue;
    caps.push(name);
    capKinds.push(exact.kinds);
    capAlias.push(...exact.aliases);
    capAliasStart.push(capAlias.length);
  }

  const formTable = buildStringTable(forms);
  const capTable = buildStringTable(caps);
  const names = wn.nameSection();
  return encodePacked(FORMAT, {
    formBytes: formTable.bytes,
    formStart: formTable.start,
    formTable: formTable.table,
    formFlags,
    formList,
    lemmaPosList,
    listStart: Uint32Array.from(lists.start),
    listNames: Uint32Array.from(lists.names),
    nameBytes: names.bytes,
    nameStart: names.start,
    capBytes: capTable.bytes,
    capStart: capTable.start,
    capTable: capTable.table,
    capKinds: Uint8Array.from(capKinds),
    capAliasStart: Uint32Array.from(capAliasStart),
    capAlias: Uint32Array.from(capAlias),
    lemmaChars: wn.lemmaCharFlags(),
  });
}

/** Distinct candidate lists: inflections share their lemma's ("talk", "talks", "talked"), so each is stored once. */
class ListStore {
  readonly start: number[] = [0];
  readonly names: number[] = [];
  private readonly ids = new Map<string, number>();
  private readonly walk: SynsetNames;

  constructor(wn: WordNet) {
    this.walk = new SynsetNames(wn);
  }

  /** The list of every lemma name of these synsets, first seen first (WordNetLexicon's rule); NO_ID when empty. */
  add(synsets: ArrayLike<number>): number {
    const names: number[] = [];
    this.walk.collect(synsets, names, true);
    if (names.length === 0) return NO_ID;
    const signature = names.join(',');
    let id = this.ids.get(signature);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(signature, id);
      for (const name of names) this.names.push(name);
      this.start.push(this.names.length);
    }
    return id;
  }
}

/**
 * Every form a one-round lookup can succeed for: the index lemmas (first,
 * in key id order), the
 * exception forms (listed even without synsets: morphy tries no rule on
 * them), and each lemma "un-applied" through each suffix rule of its POS
 * (rule s -> "" on "talk" gives "talks"; ies -> y on "city" gives "cities").
 */
function listedForms(wn: WordNet): string[] {
  const forms = new Set<string>();
  for (let key = 0; key < wn.lemmaCount; key++) forms.add(wn.key(key));
  for (let key = 0; key < wn.lemmaCount; key++) {
    const lemma = wn.key(key);
    for (let p = 0; p < 4; p++) {
      if (!wn.keyHasPos(key, p)) continue;
      for (const [old, replacement] of SUFFIX_RULES[POS_LETTERS[p]]) {
        if (lemma.endsWith(replacement)) forms.add(lemma.slice(0, lemma.length - replacement.length) + old);
      }
    }
  }
  for (let i = 0; i < wn.exceptionCount; i++) forms.add(wn.exceptionForm(i));
  return [...forms];
}

/** Path of the cached table for the installed WordNet. */
export function naiveTablePath(): string {
  const index = wordNetCachePath();
  const rules = createHash('sha256').update(JSON.stringify(SUFFIX_RULES)).digest('hex').slice(0, 8);
  return join(dirname(index), `naive-spin.t${TABLE_VERSION}.n${NAME_FACTS_VERSION}.r${rules}.${basename(index)}`);
}

let singleton: NaiveTable | undefined;

/** The naive-spin table, loaded once per process: from the cache when current, else built (opening WordNet) and cached. */
export function loadNaiveTable(): NaiveTable {
  singleton ??= openOrBuild();
  return singleton;
}

function openOrBuild(): NaiveTable {
  return loadOrBuildCache({
    path: naiveTablePath(),
    // Tables of older versions or of another WordNet sit beside it: the new one replaces them.
    stalePrefix: 'naive-spin.',
    // Read-only and large: one copy per process, shared with worker threads that adopt it (core/shared-cache-bytes.ts).
    share: true,
    read: (bytes) => new NaiveTable(bytes),
    build: () => buildNaiveTable(loadWordNetSync()),
  });
}
