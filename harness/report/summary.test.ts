import { afterAll, describe, expect, it } from 'vitest';
import { computeMetrics, type MetricsResult } from '../evaluate/metrics.js';
import { loadRun } from '../store/run-data.js';
import { removeFixtures, writeFixtureRun } from './fixtures/run-fixture.js';
import { summaryTable, warningsBlock, type Paint } from './summary.js';

afterAll(removeFixtures);

const metricsOf = async (...detectors: string[]): Promise<MetricsResult> => {
  const { runDir } = writeFixtureRun({ detectors: detectors.map((name) => ({ name, skill: 1 })) });
  return computeMetrics(await loadRun(runDir), { bootstrap: 20 });
};

/** Marks every painted piece as <tone:text>, so a test sees what would be coloured. */
const marking: Paint = (text, tone) => `<${tone}:${text}>`;

describe('summaryTable', () => {
  it('shows F1 and plagdet in columns of their own, one row per detector and task, the overall TPR with its interval', async () => {
    const lines = summaryTable(await metricsOf('det-a'), { warnings: [] }).split('\n');
    const header = lines.find((l) => l.startsWith('detector'))!;
    expect(header.split(/\s{2,}/)).toEqual(['detector', 'task', 'all', 'observed', 'F1', 'plagdet']);
    const row = (task: string) => lines.find((l) => new RegExp(`^det-a\\s+${task}\\s`).test(l))!;
    // Numbers are right-aligned: a value ends where its column's heading ends.
    const endOf = (line: string, text: string) => line.lastIndexOf(text) + text.length;
    const f1End = endOf(header, 'F1');
    const plagdetEnd = endOf(header, 'plagdet');
    const tamper = row('tamper');
    expect(tamper).toMatch(/^det-a\s+tamper\s+\d\.\d\d \[[.\d]+,[.\d]+\]\s+\d\.\d\d\s+\d\.\d\d$/);
    expect(tamper.length).toBe(f1End);
    const spans = row('spans');
    expect(spans.length).toBe(plagdetEnd);
    // Nothing under all, the families or F1: spans has no ranking.
    expect(spans.slice(0, f1End)).toMatch(/^det-a\s+spans\s*$/);
    expect(spans.slice(f1End)).toMatch(/^\s+\d\.\d\d \[[.\d]+,[.\d]+\]$/);
  });

  it('is plain text without a paint, and paints values by band and headings when given one', async () => {
    const metrics = await metricsOf('det-a');
    const plain = summaryTable(metrics, { warnings: ['w1'] });
    expect(plain).not.toMatch(/\u001b|</);
    const painted = summaryTable(metrics, { warnings: ['w1'], paint: marking });
    expect(painted).toMatch(/<head:detector>/);
    expect(painted).toMatch(/<(good|fair|poor):\d\.\d\d/);
    expect(painted).toMatch(/<warn:Warnings \(1\):>/);
    // Stripping the paint gives back the plain table: widths never count colour codes.
    expect(painted.replace(/<\w+:([^>]*)>/g, '$1')).toBe(plain);
  });

  it('passes detector names and warnings through terminalSafe: no control character reaches the terminal', async () => {
    const hostile = 'evil\u001b[2J\u0007name';
    const text = summaryTable(await metricsOf(hostile), { warnings: [`notice about ${hostile}`] });
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('evil\\x1b[2J\\x07name');
  });

  it('ends with one warnings block: the metrics own by default, the given list instead when passed', async () => {
    const metrics = await metricsOf('det-a', 'det-b');
    const own = summaryTable(metrics);
    const block = own.slice(own.indexOf('Warnings ('));
    // Two detectors on three calibrated tasks: one line per task, not per detector.
    expect(block.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(3);
    expect(own.match(/Warnings \(/g)).toHaveLength(1);
    expect(summaryTable(metrics, { warnings: [] })).not.toContain('Warnings');
    expect(warningsBlock(['a', 'b'])).toBe('Warnings (2):\n  - a\n  - b');
  });
});
