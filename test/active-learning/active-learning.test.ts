import { randomUUID } from 'node:crypto';
import { generationFiles } from '../../src/active-learning/layout';
import { activeLearning } from '../../src/workflows/active-learning';
import { activeLearningStatusQuery } from '../../src/workflows/messages';
import { query } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';
import { alInput, assertBuilt, readStructures, referenceEnergy } from './support';

describe('active learning on the built-in engines (real Temporal, Postgres, local runner, ORCA simulator)', () => {
  const harness = useRunningTestWorker('al', assertBuilt);

  it('learns generation after generation and stops when nothing is uncertain', async () => {
    const alId = `al-${randomUUID().slice(0, 8)}`;
    const { client, config } = harness;
    const handle = await client.workflow.start(activeLearning, {
      taskQueue: config.temporal.taskQueue,
      workflowId: alId,
      args: [alInput({ maxGenerations: 6, engines: { selector: { options: { threshold: 0.07 } } } })],
    });
    const status = await handle.query(activeLearningStatusQuery);
    expect(status.alId).toBe(alId);
    const summary = await handle.result();

    expect(summary.stopReason).toBe('converged');
    const gens = summary.generations;
    expect(gens.length).toBeGreaterThanOrEqual(2);
    expect(gens[gens.length - 1]!.selected).toBe(0);
    // it really learns: the held-out error falls from one generation to the next
    const rmse = gens.map((g) => g.holdoutRmseEh!);
    for (let i = 1; i < rmse.length; i++) expect(rmse[i]!).toBeLessThan(rmse[i - 1]!);
    expect(gens.every((g) => g.labelFailed === 0)).toBe(true);

    // Postgres holds the same per-generation state
    const rows = await query<{
      generation: number;
      dataset_size: number;
      holdout_rmse_eh: number;
      phase: string;
    }>(
      'SELECT generation, dataset_size, holdout_rmse_eh, phase FROM al_generations WHERE al_id = $1 ORDER BY generation',
      [alId],
    );
    expect(rows.map((r) => [r.generation, r.dataset_size, r.phase])).toEqual(
      gens.map((g) => [g.generation, g.datasetSize, 'done']),
    );
    expect(rows.map((r) => r.holdout_rmse_eh)).toEqual(rmse);
    const [run] = await query<{ status: string; stop_reason: string; dataset_size: number }>(
      'SELECT status, stop_reason, dataset_size FROM al_runs WHERE id = $1',
      [alId],
    );
    expect(run).toEqual({
      status: 'completed',
      stop_reason: 'converged',
      dataset_size: gens[gens.length - 1]!.datasetSize,
    });

    // each generation labelled through its own child campaign, each structure once
    const jobs = await query<{ campaign_id: string; n: string; attempts: string }>(
      `SELECT campaign_id, count(*) AS n, sum(attempts) AS attempts FROM jobs
       WHERE campaign_id LIKE $1 GROUP BY 1 ORDER BY 1`,
      [`${alId}.gen-%`],
    );
    expect(jobs.map((j) => j.campaign_id)).toEqual(gens.map((g) => `${alId}.gen-${g.generation}.label`));
    expect(jobs.map((j) => Number(j.n))).toEqual(gens.map((g) => g.labelTotal));
    expect(jobs.every((j) => j.n === j.attempts)).toBe(true);
    const child = await client.workflow.getHandle(`${alId}/gen-1/label`).describe();
    expect(child.status.name).toBe('COMPLETED');

    // the labels are the reference potential's energies, through ORCA output and the parser
    const files = generationFiles(config.dataRoot, alId, gens.length);
    const dataset = readStructures(files.dataset);
    expect(dataset).toHaveLength(gens[gens.length - 1]!.datasetSize);
    for (const s of dataset)
      expect(Math.abs((s.info.energy as number) - referenceEnergy(s))).toBeLessThan(1e-9);
    const holdout = readStructures(files.holdout);
    expect(holdout).toHaveLength(gens[0]!.holdoutSize);
    expect(holdout.every((s) => s.info.split === 'holdout')).toBe(true);
  }, 600_000);
});
