import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readHarnessState } from '../harness/state';

/**
 * Histories recorded (binary protobuf) from the release before the hardening work, commit 71b861c:
 * a campaign with a retried job, continue-as-new and an unknown input field it used to ignore (both
 * runs), a campaign cancelled by its signal, and their job workflows. Today's workflow code must
 * replay them exactly — new behaviour sits behind patched() — or a deploy would break every campaign
 * running at that moment. The v2 job histories come from the release that made failed jobs close
 * Failed (patches job-status-search-attribute, job-closes-failed-on-failure; commit baa4db2): a GTOInt
 * error termination and a job timed out twice (status upserts from signal handlers, a retry). The
 * v3 histories come from the release that pinned local-runner campaigns to a host (patches
 * campaign-pins-local-host, job-runs-on-host-queue): a local campaign of two jobs pinned to host
 * login-1, its prerequisites check and poller on the host queue, and its job retried once after SCF
 * non-convergence, every prepare, submit and verdict on the host queue. The v4 job history comes from
 * the release before local job steps (commit 5e63ace): a job seen running by the poller, then
 * reporting its end (separate loadJobStart, prepare, submit, evaluate and finishJob activities). The
 * v5 histories were recorded with patch job-local-steps (a fresh job's start checked by its first
 * prepare-and-submit activity, evaluate + decision + job row + campaign signal one activity): an
 * instant job that reported its end, and one seen running first.
 */
const HISTORIES = path.join(__dirname, '../fixtures/histories');
/** The workflow id each history ran under (workflow code derives campaign and child ids from it). */
const WORKFLOW_IDS: Record<string, string> = {
  'v1-campaign-first-run.history.bin': 'v1-campaign',
  'v1-campaign-last-run.history.bin': 'v1-campaign',
  'v1-job-retried.history.bin': 'v1-campaign/row-000001',
  'v1-campaign-cancelled.history.bin': 'v1-cancelled',
  'v1-job-cancelled.history.bin': 'v1-cancelled/row-000000',
  'v2-job-failed-gtoint.history.bin': 'out-6aea27d1/row-000001',
  'v2-job-timeout-retried.history.bin': 'out-6aea27d1/row-000002',
  'v3-campaign-pinned-local.history.bin': 'v3-pinned',
  'v3-job-pinned-retried.history.bin': 'v3-pinned/row-000001',
  'v4-job-running-then-reported.history.bin': 'hev-c-98afaf/row-000003',
  'v5-job-local-steps-reported.history.bin': 'hev-a-c45a1e/row-000000',
  'v5-job-local-steps-running-then-reported.history.bin': 'hev-c-85ca1a/row-000004',
};

describe('workflows replay histories of the previous release without nondeterminism', () => {
  const files = readdirSync(HISTORIES).filter((file) => file.endsWith('.history.bin'));

  it('has every recorded history to replay', () => {
    expect(files.sort()).toEqual(Object.keys(WORKFLOW_IDS).sort());
  });

  it.each(files)('%s', async (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(path.join(HISTORIES, file)));
    expect(history.events.length).toBeGreaterThan(10);
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: readHarnessState().workflowBundlePath } },
      history,
      WORKFLOW_IDS[file],
    );
  });
});
