import { randomUUID } from 'node:crypto';
import type { JobProperties } from '../../src/jobs/types';
import { campaign } from '../../src/workflows';
import { orcastrateCli } from '../adversarial/campaign-scenarios';
import { assertBuilt } from '../harness/processes';
import { useRunningTestWorker } from '../harness/temporal';
import { campaignInput, query, writeCampaignCsv } from './support';

interface StoredJob {
  job_id: string;
  status: string;
  properties: JobProperties | null;
  metrics: Record<string, unknown> | null;
  homo_lumo_gap_ev: number | null;
  imaginary_modes: number | null;
  gibbs_free_energy_eh: number | null;
  warning_count: number | null;
  attempt_properties: JobProperties | null;
}

describe('the properties of a job reach Postgres, orcastrate jobs and orcastrate status', () => {
  const harness = useRunningTestWorker('properties', assertBuilt);

  it('an opt+freq campaign stores frequencies, thermochemistry and orbitals of every job', async () => {
    const campaignId = `props-${randomUUID().slice(0, 8)}`;
    const input = campaignInput(writeCampaignCsv(['', '', 'error-termination']), {
      orca: { ...campaignInput('').orca, keywords: '! B3LYP def2-SVP OPT FREQ' },
    });
    const summary = await harness.client.workflow.execute(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [input],
    });
    expect(summary.counts).toMatchObject({ completed: 2, failed: 1 });

    const jobs = await query<StoredJob>(
      `SELECT j.job_id, j.status, j.properties, j.metrics, j.homo_lumo_gap_ev, j.imaginary_modes,
              j.gibbs_free_energy_eh, j.warning_count, a.verdict->'metrics'->'properties' AS attempt_properties
       FROM jobs j JOIN attempts a ON a.campaign_id = j.campaign_id AND a.job_id = j.job_id AND a.attempt = j.attempts
       WHERE j.campaign_id = $1 ORDER BY j.row_index`,
      [campaignId],
    );
    const completed = jobs.filter((job) => job.status === 'completed');
    expect(completed).toHaveLength(2);
    for (const [i, job] of completed.entries()) {
      const p = job.properties!;
      // the optimized structure is a minimum of the simulator's potential
      expect(job.imaginary_modes).toBe(0);
      expect(p.imaginaryModes).toBe(0);
      expect(p.lowestFrequencyCm1).toBeGreaterThan(0);
      expect(p.temperatureK).toBe(298.15);
      expect(job.gibbs_free_energy_eh).toBe(p.gibbsFreeEnergyEh);
      expect(p.gibbsFreeEnergyEh!).toBeLessThan(p.enthalpyEh!);
      expect(job.homo_lumo_gap_ev).toBe(p.homoLumoGapEv);
      expect(p.homoLumoGapEv).toBeGreaterThan(0);
      expect(p.loewdinCharges).toHaveLength(i === 0 ? 3 : 4); // rows alternate water and ammonia
      expect(p.mayerBonds!.length).toBeGreaterThan(0);
      expect(p.energiesEh!.length).toBeGreaterThan(1); // one per optimization cycle, and the final one
      expect(job.warning_count).toBe(0);
      // the properties travel in the verdict (attempt row) and are not repeated in `metrics`
      expect(job.attempt_properties).toEqual(p);
      expect(job.metrics).not.toHaveProperty('properties');
      expect(job.metrics).toHaveProperty('finalEnergyEh');
    }
    const failed = jobs.find((job) => job.status === 'failed')!;
    expect([failed.properties, failed.homo_lumo_gap_ev, failed.imaginary_modes]).toEqual([null, null, null]);

    const status = await orcastrateCli(['status', campaignId]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/HOMO-LUMO gap \(eV\)\s+2\s/);
    expect(status.stdout).toMatch(/Gibbs energy \(Eh\)\s+2\s/);
    expect(status.stdout).toContain('0 of 2 frequency jobs have imaginary modes');

    const table = await orcastrateCli(['jobs', campaignId]);
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(
      /^JOB\s+ROW\s+STATUS\s+REASON\s+ATTEMPTS\s+ENERGY \(Eh\)\s+GAP \(eV\)\s+IMAG\s+G \(Eh\)\s+JOB DIR$/,
    );
    const gibbs = completed[0]!.gibbs_free_energy_eh!.toFixed(6);
    expect(rows.find((row) => row.startsWith(completed[0]!.job_id))).toContain(gibbs);
  });
});
