/**
 * Finds the module specifiers a TypeScript source imports, without the
 * compiler: the import-graph check must stay fast enough to run on every
 * test run, and a specifier is always a plain string literal.
 *
 * The source is first masked: comments, string contents, template text and
 * regular-expression literals become spaces (newlines kept, so offsets and
 * line numbers still match the file). The import patterns then run over code
 * only, so `import` inside a string, a comment or a test's in-memory fixture
 * is not taken for an import, and a multi-line import list is one match.
 */

/** One import, re-export or dynamic `import()` with a literal specifier. */
export interface ImportRef {
  specifier: string;
  /** 1-based line of the `import`/`export` keyword. */
  line: number;
  kind: 'import' | 'export' | 'dynamic';
  /** `import type` / `export type`: erased at run time, but still an arrow between modules. */
  typeOnly: boolean;
}

interface Masked {
  /** The source with comments and literal contents blanked; quotes kept. */
  code: string;
  /** Offset of a string literal's opening quote -> its contents (only literals without substitutions). */
  literals: Map<number, string>;
}

/** Words after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);

const blank = (ch: string) => (ch === '\n' || ch === '\r' ? ch : ' ');
const isWordChar = (ch: string | undefined) => ch !== undefined && /[\w$]/.test(ch);

/** Blanks comments and literal contents; see the module comment for why. */
export function maskSource(source: string): Masked {
  const out: string[] = [];
  const literals = new Map<number, string>();
  // One entry per open `${`: the brace depth inside that substitution.
  const templateBraces: number[] = [];
  let prev = ''; // last significant code character, to tell a regex from a division
  let i = 0;
  const n = source.length;

  const blankUntil = (end: number) => {
    for (; i < end; i++) out.push(blank(source[i]!));
  };

  /** Scans template text from `i` (just after a backtick or a closing `}`) to its end or next `${`. */
  const templateText = (start: number) => {
    let value = '';
    let plain = source[start] === '`';
    out.push(source[i]!); // the backtick or the closing brace
    i++;
    while (i < n) {
      const ch = source[i]!;
      if (ch === '\\') {
        value += source.slice(i, i + 2);
        out.push(' ', blank(source[i + 1] ?? ' '));
        i += 2;
      } else if (ch === '`') {
        out.push('`');
        i++;
        if (plain) literals.set(start, value);
        prev = '`';
        return;
      } else if (ch === '$' && source[i + 1] === '{') {
        out.push('${');
        i += 2;
        templateBraces.push(0);
        plain = false;
        prev = '{';
        return;
      } else {
        value += ch;
        out.push(blank(ch));
        i++;
      }
    }
  };

  while (i < n) {
    const ch = source[i]!;
    const next = source[i + 1];
    if (ch === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      blankUntil(end === -1 ? n : end);
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      blankUntil(end === -1 ? n : end + 2);
    } else if (ch === "'" || ch === '"') {
      const start = i;
      let value = '';
      out.push(ch);
      i++;
      while (i < n && source[i] !== ch && source[i] !== '\n') {
        if (source[i] === '\\') {
          value += source.slice(i, i + 2);
          out.push(' ', blank(source[i + 1] ?? ' '));
          i += 2;
        } else {
          value += source[i];
          out.push(' ');
          i++;
        }
      }
      if (i < n) out.push(source[i]!); // the closing quote, or the newline of an unterminated string
      i++;
      literals.set(start, value);
      prev = ch;
    } else if (ch === '`') {
      templateText(i);
    } else if (ch === '}' && templateBraces.length > 0 && templateBraces[templateBraces.length - 1] === 0) {
      templateBraces.pop();
      templateText(-1);
    } else if (ch === '/' && startsRegex(prev, out)) {
      out.push('/');
      i++;
      let inClass = false;
      while (i < n && source[i] !== '\n' && (inClass || source[i] !== '/')) {
        if (source[i] === '\\') {
          out.push(' ', blank(source[i + 1] ?? ' '));
          i += 2;
          continue;
        }
        if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        out.push(' ');
        i++;
      }
      if (i < n && source[i] === '/') {
        out.push('/');
        i++;
      }
      prev = 'a';
    } else {
      if (templateBraces.length > 0) {
        if (ch === '{') templateBraces[templateBraces.length - 1]!++;
        else if (ch === '}') templateBraces[templateBraces.length - 1]!--;
      }
      out.push(ch);
      if (!/\s/.test(ch)) prev = ch;
      i++;
    }
  }
  return { code: out.join(''), literals };
}

/** Whether a `/` after the code so far opens a regular expression. */
function startsRegex(prev: string, out: string[]): boolean {
  if (prev === '') return true;
  if (prev === ')' || prev === ']' || prev === '}' || prev === "'" || prev === '"' || prev === '`') return false;
  if (!isWordChar(prev)) return true;
  // An identifier or number divides, a keyword such as `return` does not.
  let j = out.length - 1;
  while (j >= 0 && /\s/.test(out[j]!)) j--;
  let word = '';
  while (j >= 0 && isWordChar(out[j])) word = out[j--] + word;
  return REGEX_AFTER_WORD.has(word);
}

// Patterns over masked code: the specifier's opening quote ends each match.
const NOT_AFTER = String.raw`(?<![\w$.])`;
const STATIC_IMPORT = new RegExp(String.raw`${NOT_AFTER}import\s+(type\s+)?[\w$*{][^;'"\x60]*?\bfrom\s*(['"])`, 'g');
const SIDE_EFFECT_IMPORT = new RegExp(String.raw`${NOT_AFTER}import\s*(['"])`, 'g');
const EXPORT_FROM = new RegExp(String.raw`${NOT_AFTER}export\s+(type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}'"\x60]*\})\s*from\s*(['"])`, 'g');
const DYNAMIC_IMPORT = new RegExp(String.raw`${NOT_AFTER}import\s*\(\s*(['"\x60])`, 'g');

/** Every static import, re-export and literal dynamic import in `source`, in file order. */
export function scanImports(source: string): ImportRef[] {
  const { code, literals } = maskSource(source);
  const lineStarts = [0];
  for (let k = 0; k < code.length; k++) if (code[k] === '\n') lineStarts.push(k + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const refs: ImportRef[] = [];
  const collect = (pattern: RegExp, kind: ImportRef['kind']) => {
    for (const m of code.matchAll(pattern)) {
      const quoteAt = m.index + m[0].length - 1;
      const specifier = literals.get(quoteAt);
      // A template literal with substitutions names no fixed module.
      if (specifier === undefined) continue;
      refs.push({ specifier, line: lineOf(m.index), kind, typeOnly: kind !== 'dynamic' && m[1] !== undefined && /^type\s/.test(m[1]) });
    }
  };
  collect(STATIC_IMPORT, 'import');
  collect(SIDE_EFFECT_IMPORT, 'import');
  collect(EXPORT_FROM, 'export');
  collect(DYNAMIC_IMPORT, 'dynamic');
  return refs.sort((a, b) => a.line - b.line);
}
