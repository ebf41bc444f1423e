import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { campaign } from '../../src/workflows';
import { campaignInput, ORCASIM, writeCampaignCsv } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';

/** An "ORCA" that logs when it starts and ends (ns clock, job directory), sleeps, then runs orcasim. */
function timedOrca(log: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-timed-orca-'));
  const file = path.join(dir, 'orca');
  writeFileSync(
    file,
    [
      '#!/bin/bash',
      `echo "start $(date +%s%N) $PWD" >> ${JSON.stringify(log)}`,
      'sleep 2',
      `echo "end $(date +%s%N) $PWD" >> ${JSON.stringify(log)}`,
      `exec ${JSON.stringify(ORCASIM)} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

/** The most jobs of one campaign (by directory prefix) that were running at the same instant. */
function maxOverlap(log: string, campaignId: string): number {
  const events = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([, , dir]) => dir!.includes(`/${campaignId}/`))
    .map(([kind, at]) => ({ delta: kind === 'start' ? 1 : -1, at: BigInt(at!) }))
    .sort((a, b) => (a.at === b.at ? a.delta - b.delta : a.at < b.at ? -1 : 1));
  let running = 0;
  let most = 0;
  for (const event of events) {
    running += event.delta;
    most = Math.max(most, running);
  }
  return most;
}

describe('localConcurrency is honoured per campaign on one worker', () => {
  const harness = useRunningTestWorker('localcap');

  it('a later campaign gets its own cap, not the first campaign’s', async () => {
    const log = path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-overlap-')), 'log');
    const orca = { keywords: '! B3LYP def2-SVP OPT', executable: timedOrca(log), walltimeMinutes: 1 };
    const slow = `slow-${randomUUID().slice(0, 8)}`;
    const wide = `wide-${randomUUID().slice(0, 8)}`;
    const start = (id: string, jobs: number, localConcurrency: number) =>
      harness.client.workflow.start(campaign, {
        taskQueue: harness.config.temporal.taskQueue,
        workflowId: id,
        args: [
          campaignInput(writeCampaignCsv(Array.from({ length: jobs }, () => '')), {
            orca,
            scheduler: { kind: 'local', localConcurrency },
            maxInFlight: 10,
          }),
        ],
      });
    const first = await start(slow, 4, 1);
    const second = await start(wide, 6, 3);
    const [a, b] = await Promise.all([first.result(), second.result()]);
    expect(a.counts.completed).toBe(4);
    expect(b.counts.completed).toBe(6);
    expect(maxOverlap(log, slow)).toBe(1);
    expect(maxOverlap(log, wide)).toBe(3);
  });
});
