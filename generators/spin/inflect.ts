/** The inflected forms careful spinning reproduces. */
export type WordForm = 'base' | 'plural' | 'past' | 'participle' | 'gerund' | 'third' | 'comparative' | 'superlative';

export interface Inflector {
  /** `lemma` (spaces for underscores) put in `form` for POS index `pos` (0 n, 1 v, 2 a, 3 r). */
  inflect(lemma: string, pos: number, form: WordForm): string;
}

type Conjugation = Partial<Record<'Infinitive' | 'PastTense' | 'PresentTense' | 'Gerund' | 'Participle' | 'Comparative' | 'Superlative', string>>;
interface NlpDoc {
  adjectives(): { conjugate(): Conjugation[] };
}
/** compromise's word transforms: they conjugate and pluralize a word as given, without tagging it first. */
interface Transforms {
  verb: { conjugate(word: string, model: unknown): Conjugation | undefined };
  noun: { toPlural(word: string, model: unknown): string | undefined };
}
interface Nlp {
  (text: string): NlpDoc;
  world(): { methods: { two: { transform: Transforms } }; model: unknown };
}

/**
 * Re-inflection with compromise, memoized per (lemma, POS, form). Verbs and
 * nouns go through compromise's word transforms, which take the lemma as
 * the POS asked for (tagging "action" first would read a noun and give no
 * past tense); adjectives through a tagged document, so that one compromise
 * cannot grade ("absorbent") takes "more"/"most" instead of "absorbenter".
 * Multiword lemmas inflect their head: the first word of a verb ("spring
 * up" -> "sprang up"), the last of a noun ("car part" -> "car parts") or the
 * one before "of" ("units of ammunition").
 */
export function createInflector(nlp: Nlp): Inflector {
  const memo = new Map<string, string>();
  const { methods, model } = nlp.world();
  const transform = methods.two.transform;
  const word = (w: string, pos: number, form: WordForm): string => {
    if (pos === 0) return form === 'plural' ? transform.noun.toPlural(w, model) || `${w}s` : w;
    if (pos === 1) {
      const c = transform.verb.conjugate(w, model) ?? {};
      switch (form) {
        case 'past':
          return c.PastTense ?? w;
        case 'participle':
          return c.Participle ?? c.PastTense ?? w;
        case 'gerund':
          return c.Gerund ?? w;
        case 'third':
          return c.PresentTense ?? w;
        default:
          return w;
      }
    }
    if (pos === 2 && (form === 'comparative' || form === 'superlative')) {
      const c = nlp(w).adjectives().conjugate()[0] ?? {};
      const graded = form === 'comparative' ? c.Comparative : c.Superlative;
      return graded ?? `${form === 'comparative' ? 'more' : 'most'} ${w}`;
    }
    return w;
  };
  return {
    inflect(lemma, pos, form) {
      if (form === 'base') return lemma;
      const key = `${pos}${form}|${lemma}`;
      let out = memo.get(key);
      if (out === undefined) {
        const parts = lemma.split(' ');
        if (parts.length === 1) out = word(lemma, pos, form);
        else if (pos === 1) out = [word(parts[0], pos, form), ...parts.slice(1)].join(' ');
        else if (pos === 0) {
          // The head of "unit of ammunition" is "unit"; of "car part", "part".
          const of = parts.indexOf('of');
          const head = of > 0 ? of - 1 : parts.length - 1;
          out = parts.map((p, i) => (i === head ? word(p, pos, form) : p)).join(' ');
        }
        else out = pos === 2 ? `${form === 'comparative' ? 'more' : 'most'} ${lemma}` : lemma;
        memo.set(key, out);
      }
      return out;
    },
  };
}
