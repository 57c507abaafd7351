import { describe, expect, it } from 'vitest';
import type { DetectorItem, ValidatedResult } from '../core/types.js';
import { validateAnswers, vouch } from './validate.js';

const items: DetectorItem[] = [
  { id: 'a', task: 'spans', text: 'héllo', source: 'hello' },
  { id: 'b', task: 'spans', text: 'world!', source: 'world' },
];
const bad = (id: string, why: RegExp) => ({ id, status: 'error', error: expect.stringMatching(why) as unknown });

/** Raw answers for items a and b -> what item a ends as (b always answers 0.5 unless the case says otherwise). */
const cases: Array<[string, unknown[], unknown]> = [
  ['score only', [{ id: 'a', score: 0.25 }], { id: 'a', status: 'scored', score: 0.25 }],
  ['score and label', [{ id: 'a', score: 2, label: 1 }], { id: 'a', status: 'scored', score: 2, label: 1 }],
  ['boolean label', [{ id: 'a', score: 2, label: false }], { id: 'a', status: 'scored', score: 2, label: 0 }],
  ['null label and spans mean absent', [{ id: 'a', score: 2, label: null, spans: null }], { id: 'a', status: 'scored', score: 2 }],
  ['label only', [{ id: 'a', label: 1 }], bad('a', /score must be a finite number \(got nothing\)/)],
  ['label 7', [{ id: 'a', score: 1, label: 7 }], bad('a', /label must be 0 or 1/)],
  ['NaN score', [{ id: 'a', score: Number.NaN }], bad('a', /finite number/)],
  ['Infinity score', [{ id: 'a', score: Number.POSITIVE_INFINITY }], bad('a', /finite number/)],
  ['string score', [{ id: 'a', score: '0.5' }], bad('a', /finite number/)],
  ['error string', [{ id: 'a', error: 'model refused', score: 1 }], { id: 'a', status: 'error', error: 'model refused' }],
  ['error object', [{ id: 'a', error: { code: 7 } }], { id: 'a', status: 'error', error: '{"code":7}' }],
  ['empty error', [{ id: 'a', error: '' }], bad('a', /empty error/)],
  ['spans in range (code points)', [{ id: 'a', score: 1, spans: [[0, 5], [2, 2]] }], { id: 'a', status: 'scored', score: 1, spans: [[0, 5], [2, 2]] }],
  ['span past the end', [{ id: 'a', score: 1, spans: [[0, 6]] }], bad('a', /<= 5/)],
  ['span backwards', [{ id: 'a', score: 1, spans: [[3, 1]] }], bad('a', /not \[start, end\]/)],
  ['span not integers', [{ id: 'a', score: 1, spans: [[0.5, 1]] }], bad('a', /not \[start, end\]/)],
  ['spans not an array', [{ id: 'a', score: 1, spans: 'all' }], bad('a', /array/)],
  ['numeric id means that item', [{ id: 'a', score: 1 }], { id: 'a', status: 'scored', score: 1 }],
  ['missing answer', [], bad('a', /^no answer for this item$/)],
  ['answer without an id', [{ score: 1 }], bad('a', /^no answer for this item$/)],
  ['answer for an unknown id', [{ id: 'zz', score: 1 }], bad('a', /^no answer for this item$/)],
  ['duplicate id, same answer', [{ id: 'a', score: 1 }, { id: 'a', score: 1 }], bad('a', /^answered twice for this item$/)],
  ['duplicate id, answer then error', [{ id: 'a', score: 1 }, { id: 'a', error: 'x' }], bad('a', /^answered twice for this item$/)],
  ['not an object', ['a'], bad('a', /^no answer for this item$/)],
];

describe('validateAnswers', () => {
  it.each(cases)('%s', (_name, answers, expected) => {
    const logs: string[] = [];
    const results = validateAnswers(items, [...answers, { id: 'b', score: 0.5 }], (l) => logs.push(l), 'det');
    expect(results[0]).toEqual(expected);
    // The other item always survives.
    expect(results[1]).toEqual({ id: 'b', status: 'scored', score: 0.5 });
  });

  it('logs answers that name no item', () => {
    const logs: string[] = [];
    validateAnswers(items, [{ id: 'zz', score: 1 }, { score: 2 }], (l) => logs.push(l), 'det');
    expect(logs).toEqual([expect.stringMatching(/^det: rejected an answer for an unknown id "zz"/), expect.stringMatching(/^det: ignored an answer with no id/)]);
  });

  it('accepts a numeric id for the item of that name', () => {
    expect(validateAnswers([{ id: '7', task: 'tamper', text: 'x' }], [{ id: 7, score: 1 }])).toEqual([{ id: '7', status: 'scored', score: 1 }]);
  });

  it('fails every item when the answer is not an array', () => {
    expect(validateAnswers(items, { results: [] }).map((r) => r.status)).toEqual(['error', 'error']);
  });

  it('gives the same results when run again on its own output', () => {
    const raw = [{ id: 'a', score: 1, label: true, spans: [[1, 2]] }, { id: 'b', error: 'e'.repeat(5000) }];
    const once: ValidatedResult[] = validateAnswers(items, raw);
    expect(validateAnswers(items, once)).toEqual(once);
    expect((once[1] as { error: string }).error.length).toBe(1000);
  });

  it('passes a checked array through only for the items it was built for', () => {
    const once = validateAnswers(items, [{ id: 'a', score: 1 }, { id: 'b', score: 2 }]);
    expect(validateAnswers(items, once)).toBe(once);
    // The same array offered for other items is judged again: c and d got no answer.
    const others: DetectorItem[] = [{ id: 'c', task: 'tamper', text: 'x' }, { id: 'd', task: 'tamper', text: 'y' }];
    expect(validateAnswers(others, once)).toEqual([bad('c', /no answer/), bad('d', /no answer/)]);
    // An array no check built is judged whatever it claims to be.
    const forged = [{ id: 'a', status: 'scored', score: Number.NaN }, { id: 'b', status: 'scored', score: 1 }] as ValidatedResult[];
    expect(validateAnswers(items, forged)[0]).toEqual(bad('a', /finite number/));
    expect(validateAnswers(items, vouch([...once]))[1]).toEqual({ id: 'b', status: 'scored', score: 2 });
  });
});
