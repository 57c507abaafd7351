import { FACT_KINDS, type FactKind } from './mention.js';

/**
 * How a mention's options are made again from its text (and nothing else),
 * so a long text's mentions need not each hold an options array: a 50 MB
 * text has over a million mentions.
 */
export const Rule = {
  digits: 0,
  year: 1,
  dayOfMonth: 2,
  numberWord: 3,
  dateWord: 4,
  /** "can't" -> "can". */
  contracted: 5,
  /** "is not" -> "is". */
  dropNot: 6,
  /** "is" -> "is not". */
  addNot: 7,
  pronoun: 8,
  /** "her" as a possessive: "his". */
  herHis: 9,
  /** "her" as an object: "him". */
  herHim: 10,
  antonymAdjective: 11,
  antonymVerb: 12,
  /** Options come from the document's other entities (fact-swap fills them). */
  entity: 13,
} as const;
export type Rule = (typeof Rule)[keyof typeof Rule];

const KIND_CODE = new Map<FactKind, number>(FACT_KINDS.map((k, i) => [k, i]));

/** A growable Uint32Array. */
export class U32 {
  data = new Uint32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/**
 * Fact mentions as columns: code-point span, kind, option rule, and for
 * entities an identity key and the start of a "the" before them. About 20
 * bytes a mention where a FactMention with its options costs ten times that.
 */
export class MentionList {
  private readonly starts = new U32();
  private readonly ends = new U32();
  private readonly meta = new U32();
  /** Entity keys by mention (interned: a name repeats through a document). */
  private readonly keys: Array<string | undefined> = [];
  /** articleStart + 1 by mention (0: none). */
  private readonly articles = new U32();
  private readonly interned = new Map<string, string>();

  get length(): number {
    return this.starts.length;
  }

  add(start: number, end: number, kind: FactKind, rule: Rule, key?: string, articleStart?: number): void {
    this.starts.push(start);
    this.ends.push(end);
    this.meta.push((KIND_CODE.get(kind)! << 8) | rule);
    this.articles.push(articleStart === undefined ? 0 : articleStart + 1);
    let k = key;
    if (key !== undefined) {
      k = this.interned.get(key);
      if (k === undefined) this.interned.set(key, (k = key));
    }
    this.keys.push(k);
  }

  start(i: number): number {
    return this.starts.data[i];
  }

  end(i: number): number {
    return this.ends.data[i];
  }

  kind(i: number): FactKind {
    return FACT_KINDS[this.meta.data[i] >>> 8];
  }

  /** Index of the kind in FACT_KINDS (earlier wins an overlap). */
  priority(i: number): number {
    return this.meta.data[i] >>> 8;
  }

  rule(i: number): Rule {
    return (this.meta.data[i] & 0xff) as Rule;
  }

  key(i: number): string | undefined {
    return this.keys[i];
  }

  articleStart(i: number): number | undefined {
    const a = this.articles.data[i];
    return a === 0 ? undefined : a - 1;
  }

  /**
   * The mentions no earlier-kind mention overlaps, in text order (ids):
   * where two overlap, the kind listed first in FACT_KINDS wins, then the
   * one that starts first. `length` is the text's length in code points.
   */
  resolveOverlaps(length: number): Uint32Array {
    const n = this.length;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const starts = this.starts.data;
    const meta = this.meta.data;
    order.sort((a, b) => (meta[a] >>> 8) - (meta[b] >>> 8) || starts[a] - starts[b] || a - b);
    // One bit a code point: the text's length in bytes would be as much as the text again.
    const taken = new Uint32Array((length >>> 5) + 1);
    const ends = this.ends.data;
    const kept = new U32();
    for (let j = 0; j < n; j++) {
      const m = order[j];
      const s = starts[m];
      const e = ends[m];
      let free = true;
      for (let c = s; c < e && free; c++) free = (taken[c >>> 5] & (1 << (c & 31))) === 0;
      if (!free) continue;
      for (let c = s; c < e; c++) taken[c >>> 5] |= 1 << (c & 31);
      kept.push(m);
    }
    const out = kept.data.slice(0, kept.length);
    out.sort((a, b) => starts[a] - starts[b] || a - b);
    return out;
  }
}
