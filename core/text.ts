/**
 * Code-point offsets over JavaScript's UTF-16 strings. Spans in this project
 * count Unicode code points; most texts have no astral characters, so the
 * maps are skipped (identity) unless a surrogate pair is present.
 */
const SURROGATE = /[\uD800-\uDFFF]/;

export function hasAstral(text: string): boolean {
  return SURROGATE.test(text);
}

/** Length in code points (a lone surrogate counts as one, as string iteration does). */
export function codePointLength(text: string): number {
  const length = text.length;
  // Short strings (a replacement word) are cheaper to scan than to hand to the regex engine.
  if (length > 32 && !hasAstral(text)) return length;
  let n = length;
  for (let i = 0; i < length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Converts between UTF-16 indexes and code-point offsets of one string. */
export class CodePointIndex {
  readonly text: string;
  /** Length in code points. */
  readonly length: number;
  private readonly cpToU16: Uint32Array | null;
  private readonly u16ToCp: Uint32Array | null;

  constructor(text: string) {
    this.text = text;
    if (!hasAstral(text)) {
      this.cpToU16 = null;
      this.u16ToCp = null;
      this.length = text.length;
      return;
    }
    const u16ToCp = new Uint32Array(text.length + 1);
    const cpToU16: number[] = [];
    let cp = 0;
    for (let i = 0; i < text.length; i++) {
      u16ToCp[i] = cp;
      const c = text.charCodeAt(i);
      cpToU16.push(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          u16ToCp[i] = cp;
        }
      }
      cp++;
    }
    u16ToCp[text.length] = cp;
    cpToU16.push(text.length);
    this.u16ToCp = u16ToCp;
    this.cpToU16 = Uint32Array.from(cpToU16);
    this.length = cp;
  }

  /** UTF-16 index of a code-point offset. */
  toU16(cp: number): number {
    return this.cpToU16 === null ? cp : this.cpToU16[cp];
  }

  /** Code-point offset of a UTF-16 index. */
  toCodePoint(u16: number): number {
    return this.u16ToCp === null ? u16 : this.u16ToCp[u16];
  }

  /** Substring by code-point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toU16(start), this.toU16(end));
  }
}

/** Substring by code-point offsets (convenience for tests and one-off use). */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return new CodePointIndex(text).slice(start, end);
}
