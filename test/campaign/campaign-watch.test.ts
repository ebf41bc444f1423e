import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { JobStatus, StatusCounts } from '../../src/campaign/statuses';
import type { JobListing } from '../../src/client/api';
import type { CountsEvent, TransitionEvent, WatchEvent } from '../../src/client/watch-events';
import { campaign } from '../../src/workflows';
import { cancelCampaignSignal, pauseSignal, resumeSignal } from '../../src/workflows/messages';
import { hangingCampaign, orcastrateCli } from '../adversarial/campaign-scenarios';
import { waitFor } from '../adversarial/support';
import { assertBuilt } from '../harness/processes';
import { useRunningTestWorker } from '../harness/temporal';
import { spawnCli } from './cli-process';
import { campaignInput, query, writeCampaignCsv } from './support';

const FINAL: JobStatus[] = ['completed', 'failed', 'timeout', 'cancelled'];

interface LoggedTransition {
  job_id: string;
  from_status: string;
  to_status: string;
  attempts: number;
  reason: string | null;
}

async function postgresCounts(campaignId: string): Promise<Partial<StatusCounts>> {
  const rows = await query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM jobs WHERE campaign_id = $1 GROUP BY status',
    [campaignId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

const nonZero = (counts: StatusCounts) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

describe('watch, jobs and start --follow on a real campaign', () => {
  const harness = useRunningTestWorker('watch', assertBuilt);
  // five jobs, the second fails for good (adaptive recovery stops at error terminations), two at a time
  const campaignId = `watch-${randomUUID().slice(0, 8)}`;
  let events: WatchEvent[] = [];

  it('watch --json prints one line per job transition, as Postgres recorded them, and ends when settled', async () => {
    const input = campaignInput(writeCampaignCsv(['', 'error-termination', '', '', '']), {
      maxInFlight: 2,
      closeAfterHours: 0,
    });
    // paused from its first moment, so the watch sees every job leave `ready`
    await harness.client.workflow.signalWithStart(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [input],
      signal: pauseSignal,
      signalArgs: [],
    });
    await waitFor(async () => (await postgresCounts(campaignId)).ready === 5, 60_000, 'ingest');

    const watch = spawnCli(['watch', campaignId, '--json', '--interval', '0.3'], {});
    await watch.waitForLine((line) => line.includes('"counts"'));
    await harness.client.workflow.getHandle(campaignId).signal(resumeSignal);
    const finished = await watch.exited;
    expect(finished.stderr).toBe('');
    expect(finished.code).toBe(0);

    const lines = finished.stdout.trimEnd().split('\n');
    events = lines.map((line) => JSON.parse(line) as WatchEvent);
    expect(events[0]).toMatchObject({ type: 'counts', campaignId, counts: { ready: 5 }, total: 5 });
    const last = events.at(-1)!;
    expect(['settled', 'closed']).toContain(last.type);
    expect(events.filter((e) => e.type === 'settled' || e.type === 'closed')).toHaveLength(1);

    const transitions = events.filter((e): e is TransitionEvent => e.type === 'transition');
    const logged = await query<LoggedTransition>(
      `SELECT job_id, from_status, to_status, attempts, reason FROM job_transitions
       WHERE campaign_id = $1 ORDER BY id`,
      [campaignId],
    );
    const key = (jobId: string, from: string, to: string, attempts: number, reason: string | null) =>
      `${jobId} ${from}>${to} a${attempts} ${reason ?? ''}`;
    const perJob = (keys: [string, string][]) => {
      const paths = new Map<string, string[]>();
      for (const [jobId, step] of keys) paths.set(jobId, [...(paths.get(jobId) ?? []), step]);
      return Object.fromEntries([...paths].sort());
    };
    // exactly Postgres's transitions, each once, every job's in its own order
    expect(
      perJob(transitions.map((t) => [t.jobId, key(t.jobId, t.from, t.to, t.attempts, t.reason)])),
    ).toEqual(
      perJob(logged.map((l) => [l.job_id, key(l.job_id, l.from_status, l.to_status, l.attempts, l.reason)])),
    );

    const jobs = await query<{ job_id: string; row_index: number; status: string; attempts: string }>(
      `SELECT j.job_id, j.row_index, j.status, (SELECT count(*) FROM attempts a
         WHERE a.campaign_id = j.campaign_id AND a.job_id = j.job_id) AS attempts
       FROM jobs j WHERE j.campaign_id = $1 ORDER BY j.row_index`,
      [campaignId],
    );
    expect(jobs.map((j) => j.status)).toEqual(['completed', 'failed', 'completed', 'completed', 'completed']);
    for (const job of jobs) {
      const steps = transitions.filter((t) => t.jobId === job.job_id);
      expect(steps.every((t) => t.row === job.row_index)).toBe(true);
      // a chain from ready to the job's final status, one `submitted` per attempt the attempts table holds
      expect(steps[0]!.from).toBe('ready');
      steps.slice(1).forEach((t, i) => expect(t.from).toBe(steps[i]!.to));
      expect(steps.at(-1)!.to).toBe(job.status);
      expect(FINAL).toContain(steps.at(-1)!.to);
      expect(steps.filter((t) => t.to === 'submitted')).toHaveLength(Number(job.attempts));
    }
    expect(transitions.find((t) => t.to === 'failed')).toMatchObject({ row: 1, reason: 'error-termination' });

    // the counts lines follow the transitions, and the last ones agree with Postgres
    let running = { ...(events[0] as CountsEvent).counts };
    for (const event of events.slice(1)) {
      if (event.type === 'transition') {
        running = { ...running, [event.from]: running[event.from] - 1, [event.to]: running[event.to] + 1 };
      } else if (event.type === 'counts') {
        expect(event.counts).toEqual(running);
      }
    }
    expect(nonZero(running)).toEqual(await postgresCounts(campaignId));
    expect(nonZero(last.type === 'settled' || last.type === 'closed' ? last.counts : running)).toEqual({
      completed: 4,
      failed: 1,
    });
  });

  it('jobs --status failed lists exactly the failed jobs, with the latest attempt directory', async () => {
    const failed = await orcastrateCli(['jobs', campaignId, '--status', 'failed', '--json']);
    expect(failed.stderr).toBe('');
    expect(failed.code).toBe(0);
    const listed = failed.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as JobListing);
    const expected = await query<{
      job_id: string;
      row_index: number;
      reason: string;
      job_dir: string;
      final_energy_eh: number | null;
    }>(
      `SELECT j.job_id, j.row_index, j.reason, a.job_dir, j.final_energy_eh FROM jobs j
       JOIN attempts a ON a.campaign_id = j.campaign_id AND a.job_id = j.job_id
         AND a.attempt = (SELECT max(attempt) FROM attempts WHERE campaign_id = j.campaign_id AND job_id = j.job_id)
       WHERE j.campaign_id = $1 AND j.status = 'failed' ORDER BY j.row_index`,
      [campaignId],
    );
    expect(expected).toHaveLength(1);
    expect(listed).toEqual(
      expected.map((e) => ({
        jobId: e.job_id,
        rowIndex: e.row_index,
        status: 'failed',
        reason: e.reason,
        attempts: 1,
        jobDir: e.job_dir,
        // an error termination prints none of the properties
        properties: {
          finalEnergyEh: e.final_energy_eh,
          homoLumoGapEv: null,
          imaginaryModes: null,
          gibbsFreeEnergyEh: null,
          warnings: null,
          checkWarnings: [],
        },
      })),
    );

    const table = await orcastrateCli(['jobs', campaignId, '--status', 'completed,failed', '--limit', '3']);
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    // the simulator's optimizations print energies and orbitals: their columns are shown
    expect(header).toMatch(/^JOB\s+ROW\s+STATUS\s+REASON\s+ATTEMPTS\s+ENERGY \(Eh\)\s+GAP \(eV\)\s+JOB DIR$/);
    expect(rows.map((row) => row.split(/\s+/).slice(0, 3))).toEqual([
      ['row-000000', '0', 'completed'],
      ['row-000001', '1', 'failed'],
      ['row-000002', '2', 'completed'],
    ]);
    // aligned: every row's status and job dir start where the header's do
    for (const title of ['STATUS', 'GAP (eV)', 'JOB DIR']) {
      const column = header!.indexOf(title);
      for (const row of rows) expect(row.slice(column - 2, column)).toBe('  ');
    }
    expect(rows[1]).toContain('error-termination');
  });

  it('start returns with the workflow id; start --follow shows progress until the campaign settles', async () => {
    const workflowId = `follow-${randomUUID().slice(0, 8)}`;
    const inputFile = path.join(harness.config.dataRoot, '..', `${workflowId}.json`);
    // closeAfterHours left at its default: --follow must not wait for the campaign to close
    writeFileSync(
      inputFile,
      JSON.stringify(campaignInput(writeCampaignCsv(['', '']), { maxInFlight: 2, closeAfterHours: 168 })),
    );
    const follow = spawnCli(['start', '--campaign', workflowId, '--input', inputFile, '--follow'], {
      ORCASTRATE_TASK_QUEUE: harness.config.temporal.taskQueue,
    });
    const first = await follow.waitForLine(() => true, 20_000);
    expect(first).toContain(`workflow id ${workflowId}`);
    const finished = await follow.exited;
    expect(finished.stderr).toBe('');
    expect(finished.code).toBe(0);
    const lines = finished.stdout.trimEnd().split('\n');
    // a quick job may report its end before a poll saw it running: submitted → completed
    expect(lines.filter((line) => / (running|submitted) → completed /.test(line))).toHaveLength(2);
    expect(lines.at(-1)).toMatch(new RegExp(`campaign ${workflowId} settled`));
    const handle = harness.client.workflow.getHandle(workflowId);
    const description = await handle.describe();
    if (description.status.name === 'RUNNING') await handle.terminate('test: settled campaign not needed');
    expect(await postgresCounts(workflowId)).toEqual({ completed: 2 });
  });

  it('watch stops cleanly on Ctrl-C, between polls, with exit code 130', async () => {
    const hanging = `sigint-${randomUUID().slice(0, 8)}`;
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: hanging,
      args: [hangingCampaign({ closeAfterHours: 0 })],
    });
    try {
      const watch = spawnCli(['watch', hanging], {});
      await watch.waitForLine((line) => line.includes('done'));
      const interruptedAt = Date.now();
      watch.child.kill('SIGINT');
      const finished = await watch.exited;
      expect(finished.code).toBe(130);
      expect(finished.stderr).toBe('');
      expect(Date.now() - interruptedAt).toBeLessThan(5_000);
    } finally {
      await handle.signal(cancelCampaignSignal);
      await handle.result();
    }
  });
});
