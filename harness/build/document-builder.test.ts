import { describe, expect, it } from 'vitest';
import { DocumentBuilder, PERTURB_CACHE_BYTES } from './document-builder.js';
import { embeddedCorpus } from './corpus.js';
import { validateSuite } from './suite.js';

describe('DocumentBuilder.lines', () => {
  it('streams a document of 100 draws x 101 intensities in flat memory (issue 21 item 10)', async () => {
    const suite = validateSuite(
      {
        name: 'wide',
        seed: 3,
        corpus: { kind: 'embedded', limit: 1 },
        tasks: ['tamper', 'reuse', 'spans', 'consistency'],
        samplesPerSource: 100,
        generators: [{ name: 'flatten-whitespace', intensities: Array.from({ length: 101 }, (_, i) => i / 100) }],
        calibrationShare: 0,
      },
      'test',
    );
    const corpus = embeddedCorpus();
    const doc = corpus[0];
    const builder = await DocumentBuilder.create({ suite, corpus, documents: [doc], calibrationIds: new Set(), nearest: () => corpus[1] });
    const lines = builder.lines(doc);
    const start = process.memoryUsage().heapUsed;
    let peak = 0;
    let chars = 0;
    let n = 0;
    for (let next = lines.next(); ; next = lines.next()) {
      if (next.done) {
        expect(next.value.samples).toBe(n);
        break;
      }
      chars += next.value.length;
      if (++n % 500 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - start);
    }
    // Holding the document's lines (as DocumentSamples.lines did) would alone exceed the bound; streamed, the heap
    // grows by the kept generator outputs and garbage not yet collected.
    const bound = PERTURB_CACHE_BYTES + 80 * 1024 * 1024;
    expect(n).toBeGreaterThan(3 * 100 * 101);
    expect(chars).toBeGreaterThan(1.4 * bound);
    expect(peak).toBeLessThan(bound);
  }, 120_000);
});
