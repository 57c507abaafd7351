import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../core/errors.js';
import { removeFixtures, writeFixtureRun } from '../report/fixtures/run-fixture.js';
import { loadRun } from './run-data.js';

afterAll(removeFixtures);

describe('loadRun', () => {
  it('loads a run whose dataset is the one it cites', async () => {
    const fixture = writeFixtureRun();
    const data = await loadRun(fixture.runDir);
    expect(data.samples.length).toBe(fixture.samples.length);
  });

  it('refuses a run whose dataset directory was rebuilt with another spec since', async () => {
    const fixture = writeFixtureRun();
    const manifest = join(fixture.datasetDir, 'manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/"hash":"f+"/, `"hash":"${'a'.repeat(64)}"`));
    const error = await loadRun(fixture.runDir).catch((e: unknown) => e);
    expect(exitCodeFor(error)).toBe(2);
    expect((error as Error).message).toMatch(/now holds another dataset \(hash aaaaaaaaaaaaaaaa, the run cites ffffffffffffffff\)/);
  });
});
