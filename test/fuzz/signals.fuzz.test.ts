import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import fc from 'fast-check';
import { campaign } from '../../src/workflows';
import {
  attemptReportSignal,
  jobFinishedSignal,
  resetFailedSignal,
  resetFailedUpdate,
  schedulerUpdateSignal,
  setMaxInFlightSignal,
} from '../../src/workflows/messages';
import { ORCASIM, campaignInput, writeCampaignCsv } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';
import { fuzzParameters } from './fuzz-parameters';

/** Hostile payloads: wrong types, missing fields, nulls, huge strings, huge and odd numbers. */
const payload = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    null,
    [],
    {},
    'x'.repeat(200_000),
    { attempt: '1', exitCode: 0 },
    { attempt: 1e300, exitCode: -1e300 },
    { attempt: -1, exitCode: 'boom' },
    { attempt: 1, state: 'exploded' },
    { jobId: null, status: 42 },
    { jobId: 'row-000000', status: 'completed' },
    { maxFailCount: 'many' },
    { maxFailCount: -5, includeTimeouts: 'yes' },
    { maxFailCount: 1.5 },
  ),
);

/**
 * Keeps every job running until the test has sent all samples (it creates `release`), so no job can
 * end before the signals meant for it, however slow the machine; gives up after 80 s.
 */
function gatedExecutable(): { file: string; release: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-gated-'));
  const file = path.join(dir, 'gated-orca.sh');
  const release = path.join(dir, 'release');
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      'i=0',
      `while [ ! -e "${release}" ] && [ "$i" -lt 800 ]; do sleep 0.1; i=$((i + 1)); done`,
      `exec "${ORCASIM}" "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return { file, release };
}

async function taskFailures(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (
    (history.events ?? [])
      .filter((event) => event.workflowTaskFailedEventAttributes)
      .map((event) => String(event.workflowTaskFailedEventAttributes?.failure?.message))
      // the server's own retry when a signal arrives as the run completes, not a failure of our code
      .filter((message) => message !== 'UnhandledCommand')
  );
}

describe('signals and updates with malformed payloads', () => {
  const harness = useRunningTestWorker('fuzz-signals');

  it('leaves the campaign and its jobs unharmed: same results, no failed workflow task', async () => {
    // every sample is sent while the first job runs: it waits for the release file
    const parameters = fuzzParameters('signals: malformed payloads', { seed: 42, numRuns: 12, maxRuns: 48 });
    const csv = writeCampaignCsv(['', '', 'error-termination']);
    const campaignId = `fzs-${randomUUID().slice(0, 8)}`;
    const input = campaignInput(csv);
    const gate = gatedExecutable();
    const { client, config } = harness;
    const handle = await client.workflow.start(campaign, {
      taskQueue: config.temporal.taskQueue,
      workflowId: campaignId,
      args: [
        {
          ...input,
          orca: { ...input.orca, executable: gate.file, walltimeMinutes: 2 },
        },
      ],
    });
    const job = client.workflow.getHandle(`${campaignId}/row-000000`);
    // wait until the first job workflow exists
    for (let i = 0; i < 100; i++) {
      if (
        await job.describe().then(
          () => true,
          () => false,
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const samples = fc.sample(payload, parameters);
    const updateErrors: string[] = [];
    for (const value of samples) {
      const p = value as never;
      await job.signal(attemptReportSignal, p);
      await job.signal(schedulerUpdateSignal, p);
      await handle.signal(jobFinishedSignal, p);
      await handle.signal(setMaxInFlightSignal, p);
      await handle.signal(resetFailedSignal, p);
      await handle.executeUpdate(resetFailedUpdate, { args: [p] }).then(
        () => undefined,
        (error: Error) =>
          updateErrors.push(String((error.cause as Error | undefined)?.message ?? error.message)),
      );
    }
    writeFileSync(gate.release, '');
    const summary = await handle.result();
    expect(summary.counts).toMatchObject({ completed: 2, failed: 1, ready: 0, running: 0, submitted: 0 });
    expect(await taskFailures(client, campaignId)).toEqual([]);
    for (const jobId of ['row-000000', 'row-000001', 'row-000002']) {
      expect(await taskFailures(client, `${campaignId}/${jobId}`)).toEqual([]);
    }
    // malformed updates are refused with a message naming each bad field (unknown fields too)
    const problems = updateErrors.flatMap((message) => message.split('; '));
    for (const problem of problems) {
      expect(problem).toMatch(
        /^(\(input\)|maxFailCount|includeTimeouts|reasons|jobIds|overrides|requestedBy)[.\w]*: |: unknown field/,
      );
    }
  }, 90_000);
});
