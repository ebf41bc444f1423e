import type { PoolClient } from 'pg';
import type { PipelineStepRow } from '../campaign/pipeline-rows';
import type { IngestedJob } from '../ingest';
import { CopyIn } from './copy-in';
import { COPY_NULL, copyText, copyTextArray } from './copy-text';
import { isDataError } from './errors';
import { insertIngestErrors, type BadRow } from './ingest-errors';
import type { Queryable } from './transaction';

/**
 * A pipeline campaign's steps: each structure becomes one job per step, `<structure>/<step>`,
 * `ready` when the step depends on none, else `waiting`. Undefined: one job per structure.
 */
export type JobSteps = readonly PipelineStepRow[] | undefined;

/** The job id of a campaign's row `rowIndex` (CSV rows and active learning's label structures). */
export function jobIdForRow(rowIndex: number): string {
  return `row-${String(rowIndex).padStart(6, '0')}`;
}

/** The columns a new job is made of: an `IngestedJob` is one, so is an active-learning label structure. */
export type NewJob = Pick<
  IngestedJob,
  'rowIndex' | 'natoms' | 'charge' | 'multiplicity' | 'geometryXyz' | 'extras' | 'duplicateOf'
> &
  Partial<Pick<IngestedJob, 'orcaKeywords' | 'orcaBlocks'>> & { elements: readonly string[] };

const optionalCopyText = (value: string | undefined): string =>
  value === undefined ? COPY_NULL : copyText(value);

const STRUCTURE_COLUMNS =
  'elements, natoms, charge, multiplicity, geometry_xyz, extra, duplicate_of, orca_keywords, orca_blocks';
const COPY_JOBS = `COPY jobs (campaign_id, job_id, row_index, ${STRUCTURE_COLUMNS}) FROM STDIN`;
const COPY_STEP_JOBS = `COPY jobs (campaign_id, job_id, row_index, step, step_index, depends_on, geometry_from,
                                   status, ${STRUCTURE_COLUMNS}) FROM STDIN`;

/** The status a pipeline step starts in. */
const initialStatus = (step: PipelineStepRow) => (step.dependsOn.length === 0 ? 'ready' : 'waiting');

/**
 * A batch of new jobs streamed into `jobs` through COPY under a savepoint: Postgres stores rows
 * while the caller prepares the next ones. `close` also stores the batch's bad rows; on a data
 * error it rolls back to the savepoint, so the transaction stays usable (`insertBatch` can then
 * name the row), and throws it.
 */
export class JobCopy {
  private readonly campaignField: string;
  /** Per step: the COPY fields after the job id's structure part, up to the structure's columns. */
  private readonly stepFields: { suffix: string; fields: string }[] | undefined;

  private constructor(
    private readonly client: PoolClient,
    private readonly campaignId: string,
    private readonly copy: CopyIn,
    steps: JobSteps,
  ) {
    this.campaignField = copyText(campaignId);
    this.stepFields = steps?.map((step) => ({
      suffix: copyText(`/${step.name}`),
      fields:
        `${copyText(step.name)}\t${step.index}\t${copyTextArray(step.dependsOn)}\t` +
        `${step.geometryFrom === undefined ? COPY_NULL : copyText(step.geometryFrom)}\t${initialStatus(step)}`,
    }));
  }

  static async open(client: PoolClient, campaignId: string, steps?: JobSteps): Promise<JobCopy> {
    await client.query('SAVEPOINT ingest_copy');
    return new JobCopy(client, campaignId, new CopyIn(client, steps ? COPY_STEP_JOBS : COPY_JOBS), steps);
  }

  /** Postgres refused the COPY: `close` throws why, and jobs added meanwhile are dropped. */
  get refused(): boolean {
    return this.copy.refused;
  }

  /** Queues a job (one row per step); may return what to await before the next one (the socket is busy). */
  add(job: NewJob): Promise<void> | undefined {
    const structure =
      `${copyTextArray(job.elements)}\t${job.natoms}\t${job.charge}\t${job.multiplicity}\t` +
      `${copyText(job.geometryXyz)}\t${copyText(JSON.stringify(job.extras))}\t${job.duplicateOf ?? COPY_NULL}\t` +
      `${optionalCopyText(job.orcaKeywords)}\t${optionalCopyText(job.orcaBlocks)}\n`;
    const jobId = jobIdForRow(job.rowIndex);
    if (!this.stepFields) {
      return this.copy.append(`${this.campaignField}\t${jobId}\t${job.rowIndex}\t${structure}`);
    }
    const lines = this.stepFields.map(
      (step) =>
        `${this.campaignField}\t${jobId}${step.suffix}\t${job.rowIndex}\t${step.fields}\t${structure}`,
    );
    return this.copy.append(lines.join(''));
  }

  async close(bad: BadRow[]): Promise<void> {
    try {
      await this.copy.end();
      if (bad.length) await insertIngestErrors(this.client, this.campaignId, bad);
      await this.client.query('RELEASE SAVEPOINT ingest_copy');
    } catch (error) {
      if (isDataError(error)) await this.client.query('ROLLBACK TO SAVEPOINT ingest_copy');
      throw error;
    }
  }

  /** Ends a COPY still open when the ingest fails elsewhere, so the transaction can roll back. */
  abort(): Promise<void> {
    return this.copy.abort();
  }
}

/**
 * One statement for the whole batch; each job's id is `jobIdForRow(rowIndex)` (then `/<step>` per
 * step of a pipeline). `skipExisting` leaves jobs already stored under those ids as they are (a
 * retried insert), else they are an error.
 */
export async function insertJobs(
  q: Queryable,
  campaignId: string,
  jobs: readonly NewJob[],
  { skipExisting = false, steps }: { skipExisting?: boolean; steps?: JobSteps } = {},
): Promise<void> {
  const structures = [
    jobs.map((j) => jobIdForRow(j.rowIndex)),
    jobs.map((j) => j.rowIndex),
    jobs.map((j) => j.elements.join(' ')),
    jobs.map((j) => j.natoms),
    jobs.map((j) => j.charge),
    jobs.map((j) => j.multiplicity),
    jobs.map((j) => j.geometryXyz),
    jobs.map((j) => JSON.stringify(j.extras)),
    jobs.map((j) => j.duplicateOf),
    jobs.map((j) => j.orcaKeywords ?? null),
    jobs.map((j) => j.orcaBlocks ?? null),
  ];
  const fromStructures = `FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::int[], $7::int[], $8::text[],
                                     $9::text[], $10::int[], $11::text[], $12::text[])
       AS t(job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz, extra, duplicate_of,
            orca_keywords, orca_blocks)`;
  const structureValues = `string_to_array(t.elements, ' '), t.natoms, t.charge, t.multiplicity, t.geometry_xyz,
            t.extra::jsonb, t.duplicate_of, t.orca_keywords, t.orca_blocks`;
  const onConflict = skipExisting ? ' ON CONFLICT DO NOTHING' : '';
  if (!steps) {
    await q.query(
      `INSERT INTO jobs (campaign_id, job_id, row_index, ${STRUCTURE_COLUMNS})
       SELECT $1, t.job_id, t.row_index, ${structureValues} ${fromStructures}${onConflict}`,
      [campaignId, ...structures],
    );
    return;
  }
  await q.query(
    `INSERT INTO jobs (campaign_id, job_id, row_index, step, step_index, depends_on, geometry_from, status,
                       ${STRUCTURE_COLUMNS})
     SELECT $1, t.job_id || '/' || s.step, t.row_index, s.step, s.step_index, string_to_array(s.depends_on, ' '),
            s.geometry_from, CASE WHEN s.depends_on = '' THEN 'ready' ELSE 'waiting' END, ${structureValues}
     ${fromStructures}
     CROSS JOIN unnest($13::text[], $14::int[], $15::text[], $16::text[])
       AS s(step, step_index, depends_on, geometry_from)
     ORDER BY t.row_index, s.step_index${onConflict}`,
    [
      campaignId,
      ...structures,
      steps.map((step) => step.name),
      steps.map((step) => step.index),
      steps.map((step) => step.dependsOn.join(' ')),
      steps.map((step) => step.geometryFrom ?? null),
    ],
  );
}
