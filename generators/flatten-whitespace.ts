import { defineGenerator } from '../core/types.js';
import { CodePointIndex } from '../core/text.js';
import { applyReplacements, realizedShare, type Replacement } from '../core/edits.js';
import { createRng } from '../core/rng.js';
import { selectNested } from '../core/select.js';

/**
 * The observed spinner printed its output on one line, single-spaced
 * (../shared/observed/synonym-spin.txt). A unit is a whitespace run other
 * than a single space; at intensity 1 every such run becomes one space, and
 * leading and trailing whitespace is dropped.
 */
export default defineGenerator({
  name: 'flatten-whitespace',
  description: 'Collapses every run of whitespace (newlines too) into one space, as the observed spinner did.',
  family: 'format',
  unit: 'whitespace runs other than a single space',
  defaultIntensity: 1,
  generate(text, { intensity, seed }) {
    const index = new CodePointIndex(text);
    const units: Replacement[] = [];
    const re = /\s+/g;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const start = index.toCodePoint(m.index);
      const end = index.toCodePoint(m.index + m[0].length);
      const atEdge = m.index === 0 || m.index + m[0].length === text.length;
      const after = atEdge ? '' : ' ';
      if (m[0] === after) continue;
      units.push({ start, end, after, kind: 'whitespace' });
    }
    const mask = selectNested(units.length, intensity, createRng(seed));
    const chosen = units.filter((_, i) => mask[i]);
    const { text: out, edits } = applyReplacements(text, chosen, index);
    return { text: out, edits, requestedIntensity: intensity, realizedIntensity: realizedShare(chosen.length, units.length), eligible: units.length };
  },
});
