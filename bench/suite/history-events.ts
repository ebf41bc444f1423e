import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';

import { percentile } from './measure';
import { fmt, heading, log } from './report';
import { withOurWorker } from './our-worker';
import type { Stack } from './stack';
import { campaignSettings, ingestWaterJobs, instantExecutable } from './water-jobs';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const { EventType } = temporal.api.enums.v1;

/** One way a job's end reaches its workflow. */
export interface EventScenario {
  key: string;
  label: string;
  mode: 'self-report' | 'poll-only';
  /** How long the job program runs before printing its output. */
  sleepSeconds: number;
  pollIntervalSeconds: number;
}

export const EVENT_SCENARIOS: EventScenario[] = [
  {
    key: 'a',
    label: 'self-report, instant job',
    mode: 'self-report',
    sleepSeconds: 0,
    pollIntervalSeconds: 10,
  },
  { key: 'b', label: 'poll-only, instant job', mode: 'poll-only', sleepSeconds: 0, pollIntervalSeconds: 1 },
  {
    key: 'c',
    label: 'self-report, job runs ~4 s',
    mode: 'self-report',
    sleepSeconds: 4,
    pollIntervalSeconds: 1,
  },
];

export interface ScenarioEvents {
  scenario: EventScenario;
  /** History length of every job workflow of the campaign, ascending. */
  lengths: number[];
  /** Event counts by type of the job whose history is the median one. */
  typical: Map<string, number>;
  /** Signals per job workflow (reports and poller updates), ascending. */
  signals: number[];
}

/** Runs a real campaign of `jobs` instant water jobs and reads every job workflow's history. */
export async function measureScenario(
  stack: Stack,
  scenario: EventScenario,
  jobs: number,
  saveHistoriesTo?: string,
): Promise<ScenarioEvents> {
  const campaignId = `hev-${scenario.key}-${randomUUID().slice(0, 6)}`;
  await ingestWaterJobs(stack.pool, campaignId, jobs, stack.workDir);
  const executable = instantExecutable(path.join(stack.workDir, campaignId), scenario.sleepSeconds);
  await withOurWorker(stack, scenario.mode, async (taskQueue) => {
    await stack.client.workflow.execute('campaign', {
      taskQueue,
      workflowId: campaignId,
      args: [
        campaignSettings(campaignId, executable, {
          maxInFlight: jobs,
          pollIntervalSeconds: scenario.pollIntervalSeconds,
        }),
      ],
    });
  });
  const { rows } = await stack.pool.query<{ job_id: string; status: string }>(
    'SELECT job_id, status FROM jobs WHERE campaign_id = $1 ORDER BY row_index',
    [campaignId],
  );
  const notCompleted = rows.filter((row) => row.status !== 'completed');
  if (notCompleted.length > 0) throw new Error(`${campaignId}: ${notCompleted.length} jobs did not complete`);

  const histories: { workflowId: string; history: temporal.api.history.v1.IHistory }[] = [];
  for (const row of rows) {
    const workflowId = `${campaignId}/${row.job_id}`;
    histories.push({ workflowId, history: await stack.client.workflow.getHandle(workflowId).fetchHistory() });
  }
  const byLength = [...histories].sort((x, y) => eventsOf(x.history).length - eventsOf(y.history).length);
  const median = byLength[Math.floor((byLength.length - 1) / 2)]!;
  if (saveHistoriesTo) {
    mkdirSync(saveHistoriesTo, { recursive: true });
    const file = path.join(
      saveHistoriesTo,
      `${scenario.key}-${median.workflowId.replace('/', '__')}.history.bin`,
    );
    writeFileSync(file, temporal.api.history.v1.History.encode(median.history).finish());
    log(`history of ${median.workflowId} saved to ${file}`);
  }
  return {
    scenario,
    lengths: byLength.map((h) => eventsOf(h.history).length),
    typical: countByType(eventsOf(median.history)),
    signals: histories
      .map(
        (h) =>
          eventsOf(h.history).filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
            .length,
      )
      .sort((x, y) => x - y),
  };
}

function eventsOf(history: temporal.api.history.v1.IHistory): HistoryEvent[] {
  return history.events ?? [];
}

function countByType(events: HistoryEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) {
    const name = (EventType[event.eventType ?? 0] ?? 'UNKNOWN').replace('EVENT_TYPE_', '');
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** The section: history events per job workflow for each scenario, measured in this one run. */
export async function historyEventsSection(
  stack: Stack,
  jobs: number,
  saveHistoriesTo?: string,
): Promise<{ lines: string[]; results: ScenarioEvents[] }> {
  const lines = heading('History events per job workflow');
  lines.push(
    `${jobs} jobs per scenario (one campaign each, all in flight at once), local runner, private dev server.`,
    '',
    '| scenario | poll | events min | median | max | signals per job (median) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  const results: ScenarioEvents[] = [];
  for (const scenario of EVENT_SCENARIOS) {
    log(`history events: (${scenario.key}) ${scenario.label}`);
    const r = await measureScenario(stack, scenario, jobs, saveHistoriesTo);
    results.push(r);
    lines.push(
      `| (${scenario.key}) ${scenario.label} | ${scenario.pollIntervalSeconds} s | ${r.lengths[0]} | ` +
        `${fmt(percentile(r.lengths, 50), 0)} | ${r.lengths.at(-1)} | ${fmt(percentile(r.signals, 50), 0)} |`,
    );
  }
  lines.push('', 'Event types of the median job of each scenario:', '');
  for (const r of results) {
    const types = [...r.typical.entries()].map(([type, n]) => `${type} ${n}`).join(', ');
    lines.push(`- (${r.scenario.key}): ${types}`);
  }
  return { lines, results };
}
