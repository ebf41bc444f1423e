import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { campaign } from '../../src/workflows';
import { campaignInput, query } from '../campaign/support';
import { readHarnessState } from '../harness/state';
import { useRunningTestWorker } from '../harness/temporal';
import { waitFor } from './support';

const run = promisify(execFile);
const WATER = 'O 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692';

/** What already held before the hardening work and must keep holding (the PASS list). */
describe('regressions: no shell interpretation, no path escape, strict signals', () => {
  const harness = useRunningTestWorker('passlist');

  it('hostile CSV cells and ORCA keywords never reach a shell', async () => {
    const token = randomUUID().slice(0, 8);
    const marker = path.join(tmpdir(), `orcastrate-shell-${token}`);
    const hostile = `$(touch ${marker}) \`touch ${marker}\` ; touch ${marker} '"`;
    const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-csv-'));
    const csv = path.join(dir, 'hostile.csv');
    const quoted = (value: string) => `"${value.replace(/"/g, '""')}"`;
    writeFileSync(csv, `aligned_csd_core,charge,uhf,note\n${quoted(WATER)},0,0,${quoted(hostile)}\n`);
    const input = campaignInput(csv, {
      ingest: { preset: 'default', keepColumns: ['note'] },
      orca: { ...campaignInput(csv).orca, keywords: `! B3LYP def2-SVP OPT $(touch ${marker})` },
    });
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: `pl-shell-${token}`,
      args: [input],
    });
    const summary = await handle.result();
    expect(summary.counts.completed + summary.counts.failed).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });

  it('a campaign directory symlinked outside the data root is refused, nothing written outside', async () => {
    const campaignId = `pl-link-${randomUUID().slice(0, 8)}`;
    const outside = mkdtempSync(path.join(tmpdir(), 'orcastrate-outside-'));
    mkdirSync(harness.config.dataRoot, { recursive: true });
    symlinkSync(outside, path.join(harness.config.dataRoot, campaignId));
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [campaignInput(writeWaterCsv())],
    });
    const error = await handle.result().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(String((error as { cause?: Error } | undefined)?.cause?.message)).toMatch(
      /resolves outside the campaign root/,
    );
    expect(readdirSync(outside)).toEqual([]);
  });

  it('malformed report and scheduler signals from the Temporal CLI are ignored, not acted on', async () => {
    const campaignId = `pl-signal-${randomUUID().slice(0, 8)}`;
    const input = campaignInput(writeWaterCsv('hang attempts=1'), {
      orca: { ...campaignInput('/x').orca, walltimeMinutes: 0.2 },
    });
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [input],
    });
    const jobWorkflow = `${campaignId}/row-000000`;
    await waitFor(
      async () => (await query(`SELECT 1 FROM attempts WHERE campaign_id = $1`, [campaignId])).length > 0,
    );
    const { temporalCli, temporalAddress, temporalNamespace } = readHarnessState();
    for (const [name, payload] of [
      ['attemptReport', '"junk"'],
      ['attemptReport', '{"attempt": 1, "exitCode": "0"}'],
      ['schedulerUpdate', '{"attempt": 1, "state": "completed; rm -rf /"}'],
      ['schedulerUpdate', '{"attempt": 1, "state": "failed", "exitCode": "1; reboot"}'],
    ]) {
      await run(temporalCli, [
        'workflow',
        'signal',
        '--workflow-id',
        jobWorkflow,
        '--name',
        name!,
        '--input',
        payload!,
        '--address',
        temporalAddress,
        '--namespace',
        temporalNamespace,
      ]);
    }
    const summary = await handle.result();
    // the hang is timed out once and the retry completes: the junk signals ended nothing early
    expect(summary.counts.completed).toBe(1);
    const attempts = await query<{ reason: string }>(
      'SELECT reason FROM attempts WHERE campaign_id = $1 ORDER BY attempt',
      [campaignId],
    );
    expect(attempts.map((a) => a.reason)).toEqual(['walltime-exceeded', 'normal-termination']);
  });
});

function writeWaterCsv(fault = ''): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-csv-'));
  const file = path.join(dir, 'water.csv');
  writeFileSync(file, `aligned_csd_core,charge,uhf,orcasim_fault\n"${WATER}",0,0,${fault}\n`);
  return file;
}
