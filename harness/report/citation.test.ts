import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toolVersion } from '../../core/version.js';

describe('CITATION.cff', () => {
  it('names the version package.json ships, so a citation points at the code that ran', () => {
    const cff = readFileSync(new URL('../../CITATION.cff', import.meta.url), 'utf8');
    expect(cff).toMatch(/^cff-version: 1\.2\.0$/m);
    expect(cff).toMatch(/^title: /m);
    expect(cff).toMatch(/^authors:\n {2}- name: /m);
    expect(cff.match(/^version: (.+)$/m)?.[1]).toBe(toolVersion());
  });
});
