import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportContext } from './index.js';
import type { RunData } from '../store/run-data.js';

const data = (runDir: string) => ({ runDir, run: { id: 'default-embedded-20260101-000000' }, manifest: { hash: 'h' } }) as unknown as RunData;

describe('the reproduce line', () => {
  it('names the run by its path from where the report is made, shell-quoted, not by an id that only resolves under results/runs', () => {
    const root = '/work/proj';
    expect(reportContext(data(join(root, 'results', 'runs', 'r1')), { cwd: root }).reportCommand).toBe('gauntlet report results/runs/r1');
    expect(reportContext(data(join(root, 'out', "it's mine")), { cwd: root, bootstrap: 50 }).reportCommand).toBe(`gauntlet report 'out/it'\\''s mine' --bootstrap 50`);
    expect(reportContext(data(root), { cwd: root }).reportCommand).toBe('gauntlet report .');
    expect(reportContext(data('/elsewhere/run'), { cwd: root }).reportCommand).toBe('gauntlet report ../../elsewhere/run');
  });
});
