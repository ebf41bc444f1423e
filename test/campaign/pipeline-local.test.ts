import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { buildCampaignInput } from '../../src/client/commands/start';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { campaign } from '../../src/workflows';
import { useRunningTestWorker } from '../harness/temporal';
import { runPipelineScenario } from './pipeline-scenario';
import { ORCASIM, query } from './support';

// A 3-step pipeline (opt → freq → sp) end to end on the local runner with the ORCA simulator.
describe('a pipeline campaign on the local runner', () => {
  const harness = useRunningTestWorker('pipeline-local');

  it('blocks the steps after a failed opt, recovers a timed-out freq, and a reset resumes at the failed step', async () => {
    const { client, config } = harness;
    await runPipelineScenario(
      client,
      config.temporal.taskQueue,
      { kind: 'local', localConcurrency: 4, exportEnv: ['ORCASIM_CYCLE_DELAY_MS'] },
      0.1,
    );
  }, 180_000);
});

// The demo's pipeline (npm run demo:pipeline) as `orcastrate start` builds it, with shorter timeouts.
describe('the pipeline example', () => {
  const harness = useRunningTestWorker('pipeline-example');

  it('runs 7 structures × opt → freq → sp to the statuses its scripted faults call for', async () => {
    const fromExample = buildCampaignInput({
      campaign: `pipe-demo-${randomUUID().slice(0, 8)}`,
      input: path.join(REPO_ROOT, 'examples/pipeline-campaign.json'),
      csv: path.join(REPO_ROOT, 'examples/pipeline-campaign.csv'),
      orca: ORCASIM,
      scheduler: 'local',
      localConcurrency: 4,
      follow: false,
    });
    const input = {
      ...fromExample,
      orca: { ...fromExample.orca, walltimeMinutes: 0.1 },
      scheduler: { ...fromExample.scheduler, exportEnv: ['ORCASIM_CYCLE_DELAY_MS'] },
      graceMinutes: 0.05,
      closeAfterHours: 0,
    };
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: input.campaignId!,
      args: [input],
    });
    const summary = await handle.result();
    expect(summary.counts).toMatchObject({ completed: 18, failed: 1, blocked: 2, timeout: 0, waiting: 0 });
    expect(summary.ingest).toMatchObject({ good: 7, bad: 0 });
    const retried = await query<{ job_id: string; attempts: number }>(
      'SELECT job_id, attempts FROM jobs WHERE campaign_id = $1 AND attempts > 1 ORDER BY job_id',
      [input.campaignId],
    );
    expect(retried).toEqual([
      { job_id: 'row-000002/freq', attempts: 2 },
      { job_id: 'row-000003/sp', attempts: 2 },
    ]);
  }, 180_000);
});
