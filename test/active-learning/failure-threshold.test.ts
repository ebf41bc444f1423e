import { WorkflowFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { generationFiles } from '../../src/active-learning/layout';
import { activeLearning } from '../../src/workflows/active-learning';
import { query } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';
import { alInput, assertBuilt, readStructures } from './support';

const FAULTY_GENERATOR = path.join(__dirname, 'fixtures/faulty-generator.js');

describe('active learning with failing labels', () => {
  const harness = useRunningTestWorker('al-fail', assertBuilt);

  it('trains on what succeeded, then stops with a clear error when a generation fails above the threshold', async () => {
    const alId = `alf-${randomUUID().slice(0, 8)}`;
    const { client, config } = harness;
    const input = alInput({
      maxGenerations: 4,
      engines: {
        // a pluggable engine: any command honouring the file contract
        generator: {
          command: [process.execPath, FAULTY_GENERATOR],
          options: { initialPerMolecule: 2, holdoutPerMolecule: 4, faultFractions: { '1': 0.5, '2': 0.75 } },
        },
        selector: { options: { maxSelected: 8, threshold: 0.001 } },
      },
    });
    const error = await client.workflow
      .execute(activeLearning, { taskQueue: config.temporal.taskQueue, workflowId: alId, args: [input] })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect(cause?.message).toMatch(
      /^generation 2: 6 of 8 labelling jobs failed \(75 %\), above the failure threshold of 50 %; reasons: error-termination ×6/,
    );
    // what the Web UI shows: the workflow execution failed with that message
    const described = await client.workflow.getHandle(alId).describe();
    expect(described.status.name).toBe('FAILED');

    // generation 1 tolerated its failures: 4 of 24 jobs (the faulty candidates) failed, training used the rest
    const gens = await query<{
      generation: number;
      label_total: number;
      label_failed: number;
      failure_reasons: Record<string, number>;
      dataset_size: number;
      phase: string;
    }>(
      `SELECT generation, label_total, label_failed, failure_reasons, dataset_size, phase FROM al_generations
       WHERE al_id = $1 ORDER BY generation`,
      [alId],
    );
    expect(gens[0]).toMatchObject({
      generation: 1,
      label_total: 24,
      label_failed: 4,
      failure_reasons: { 'error-termination': 4 },
      dataset_size: 4,
      phase: 'done',
    });
    expect(gens[1]).toMatchObject({ generation: 2, label_total: 8, label_failed: 6, phase: 'label' });
    const dataset = readStructures(generationFiles(config.dataRoot, alId, 1).dataset);
    expect(dataset).toHaveLength(4);
    expect(dataset.every((s) => s.info.orcasim_fault === undefined)).toBe(true);
    const [run] = await query<{ status: string; error: string }>(
      'SELECT status, error FROM al_runs WHERE id = $1',
      [alId],
    );
    expect(run!.status).toBe('failed');
    expect(run!.error).toBe(cause?.message);
  }, 600_000);
});
