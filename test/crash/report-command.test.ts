import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../src/dev-server';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { campaign } from '../../src/workflows';
import { ORCASIM, campaignInput, writeCampaignCsv } from '../campaign/support';
import { assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { useRunningTestWorker } from '../harness/temporal';
import { attemptsOf, jobsOf } from './support';

const ORCASTRATE = path.join(REPO_ROOT, 'bin/orcastrate');
const run = promisify(execFile);

async function report(address: string, workflowId: string, attempt: string, exitCode: string) {
  const env = { ...process.env, TEMPORAL_ADDRESS: address };
  const args = ['report', '--workflow-id', workflowId, '--attempt', attempt, '--exit-code', exitCode];
  const { stdout, stderr } = await run(ORCASTRATE, args, { env, timeout: 40_000 });
  return { stdout, stderr }; // execFile rejects on a non-zero exit: resolving means exit 0
}

/**
 * A job "program" that runs the simulator and then reports twice itself (same attempt), plus once for
 * an attempt that does not exist; the job script's own hook then reports a third time.
 */
function chattyExecutable(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-chatty-')), 'chatty-orca.sh');
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      `"${ORCASIM}" "$@"`,
      'rc=$?',
      'for attempt in "$ORCASTRATE_ATTEMPT" "$ORCASTRATE_ATTEMPT" 99; do',
      '  "$ORCASTRATE_BIN" report --workflow-id "$ORCASTRATE_REPORT_WORKFLOW_ID" --attempt "$attempt" \\',
      '    --exit-code "$rc" >&2',
      'done',
      'exit "$rc"',
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

// Issue 5, point 8: completion reports that arrive twice, late, for nobody, or with no server at all.
describe('orcastrate report is harmless when repeated, misdirected or unreachable', () => {
  const state = readHarnessState();
  const harness = useRunningTestWorker('crash-report', assertBuilt);

  it('ignores duplicate reports and reports for other attempts while the job runs', async () => {
    const csv = writeCampaignCsv(['', 'error-termination', '']);
    const campaignId = `rep-${randomUUID().slice(0, 8)}`;
    const input = campaignInput(csv);
    const summary = await harness.client.workflow.execute(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [{ ...input, orca: { ...input.orca, executable: chattyExecutable() } }],
    });
    expect(summary.counts).toMatchObject({ completed: 2, failed: 1, ready: 0, running: 0 });
    const jobs = await jobsOf(campaignId);
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual([
      ['completed', 1],
      ['failed', 1],
      ['completed', 1],
    ]);
    expect((await attemptsOf(campaignId)).map((a) => [a.attempt, a.status])).toEqual([
      [1, 'completed'],
      [1, 'failed'],
      [1, 'completed'],
    ]);

    // After the fact: the job workflows are closed; reporting again changes nothing and exits 0.
    const before = JSON.stringify([await jobsOf(campaignId), await attemptsOf(campaignId)]);
    const late = await report(state.temporalAddress, `${campaignId}/row-000000`, '1', '0');
    expect(late.stderr).toMatch(/WARNING: could not report/);
    const lateFailure = await report(state.temporalAddress, `${campaignId}/row-000001`, '1', '0');
    expect(lateFailure.stderr).toMatch(/WARNING/);
    expect(JSON.stringify([await jobsOf(campaignId), await attemptsOf(campaignId)])).toBe(before);
  });

  it('exits 0 with a warning for an unknown workflow id', async () => {
    const { stderr } = await report(state.temporalAddress, `nobody-${randomUUID()}/row-000000`, '1', '0');
    expect(stderr).toMatch(/WARNING: could not report to nobody-.*poller will notice/);
  });

  it('exits 0 with a warning when the server is unreachable', async () => {
    const started = Date.now();
    const { stderr } = await report(`127.0.0.1:${await freePort()}`, 'c/row-000000', '1', '3');
    expect(stderr).toMatch(/WARNING: could not report to c\/row-000000/);
    expect(Date.now() - started).toBeLessThan(35_000);
  });
});
