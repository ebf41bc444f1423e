import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SchedulerUnreachableError, SubmitRejectedError } from '../../../src/schedulers';
import {
  FLUX_BATCH_FAILURES,
  SBATCH_FAILURES,
  classifySubmitFailure,
} from '../../../src/schedulers/submit-failure';

const sbatch = (stderr: string, exitCode: number | null = 1) =>
  classifySubmitFailure(SBATCH_FAILURES, { stdout: '', stderr, exitCode });
const fluxBatch = (stderr: string, exitCode: number | null = 1) =>
  classifySubmitFailure(FLUX_BATCH_FAILURES, { stdout: '', stderr, exitCode });

describe('classifySubmitFailure for sbatch', () => {
  // Recorded from the local SLURM 22.05.8 (see test/adversarial/submit-rejected.test.ts for live runs).
  it.each([
    [
      'sbatch: error: invalid partition specified: nope\nsbatch: error: Batch job submission failed: Invalid partition name specified\n',
      'invalid partition specified: nope; Invalid partition name specified',
    ],
    [
      'sbatch: error: Memory specification can not be satisfied\nsbatch: error: Batch job submission failed: Requested node configuration is not available\n',
      'Memory specification can not be satisfied; Requested node configuration is not available',
    ],
    [
      'sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified\n',
      'Invalid account or account/partition combination specified',
    ],
    [
      "sbatch: error: QOSMaxWallDurationPerJobLimit\nsbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)\n",
      "QOSMaxWallDurationPerJobLimit; Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)",
    ],
    [
      'sbatch: error: Batch job submission failed: More processors requested than permitted\n',
      'More processors requested than permitted',
    ],
    [
      'sbatch: unrecognized option \'--bogus\'\nTry "sbatch --help" for more information\n',
      "unrecognized option '--bogus'",
    ],
    ['sbatch: error: Invalid --time specification\n', 'Invalid --time specification'],
  ])("a refusal is permanent, in the scheduler's words: %j", (stderr, words) => {
    const error = sbatch(stderr);
    expect(error).toBeInstanceOf(SubmitRejectedError);
    expect((error as SubmitRejectedError).schedulerMessage).toBe(words);
    expect(error.message).toBe(`the scheduler rejected the job: ${words}`);
  });

  it.each([
    'sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)\n',
    'sbatch: error: Batch job submission failed: Socket timed out on send/recv operation\n',
    'sbatch: error: Slurm temporarily unable to accept job, sleeping and retrying\nsbatch: error: Batch job submission failed: Resource temporarily unavailable\n',
    'sbatch: error: slurm_persist_conn_open: Connection refused\n',
    'sbatch: error: Batch job submission failed: Zero Bytes were transmitted or received\n',
    'sbatch: error: Munge encode failed: Failed to access "/run/munge/munge.socket.2": No such file or directory\n',
    "sbatch: error: QOSMaxSubmitJobPerUserLimit\nsbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)\n",
    'sbatch: error: AssocGrpSubmitJobsLimit\nsbatch: error: Batch job submission failed: Job violates accounting/QOS policy\n',
  ])('an outage or a count limit is transient: %j', (stderr) => {
    const error = sbatch(stderr);
    expect(error).toBeInstanceOf(SchedulerUnreachableError);
    expect(error).not.toBeInstanceOf(SubmitRejectedError);
    expect(error.message).toMatch(/^sbatch exited with 1: \S/);
    expect(error.message).not.toMatch(/sbatch: error:|Batch job submission failed/);
    expect((error as SchedulerUnreachableError).stderr).toBe(stderr);
  });

  it('treats a silent failure or a signal as transient', () => {
    expect(sbatch('')).toBeInstanceOf(SchedulerUnreachableError);
    expect(sbatch('sbatch: error: Invalid partition name specified', null)).toBeInstanceOf(
      SchedulerUnreachableError,
    );
  });

  it('treats an unknown scheduler error as a rejection (the campaign pauses after a few)', () => {
    const error = sbatch('sbatch: error: Something new went wrong\n');
    expect(error).toBeInstanceOf(SubmitRejectedError);
    expect((error as SubmitRejectedError).schedulerMessage).toBe('Something new went wrong');
  });
});

describe('classifySubmitFailure for flux batch', () => {
  // What a live flux-core 0.88.0 printed (test/fixtures/flux/recorded/errors.json, captured by capture.sh).
  const recorded = JSON.parse(
    readFileSync(path.resolve(__dirname, '../../fixtures/flux/recorded/errors.json'), 'utf8'),
  ) as Record<string, { stderr: string; exitCode: number }>;
  const replayed = (name: string) => {
    const { stderr, exitCode } = recorded[name]!;
    return classifySubmitFailure(FLUX_BATCH_FAILURES, { stdout: '', stderr: `${stderr}\n`, exitCode });
  };

  it.each([
    ['invalid-queue', "'nope' is not a valid queue"],
    ['unsatisfiable', 'unsatisfiable request: need 1 node(s) with 64 cores each, only 0 eligible'],
    ['unrecognized-option', 'unrecognized arguments: --parsable'],
  ])("recorded %s: a permanent refusal in flux's own words", (name, words) => {
    const error = replayed(name);
    expect(error).toBeInstanceOf(SubmitRejectedError);
    expect((error as SubmitRejectedError).schedulerMessage).toBe(words);
  });

  it('recorded broker-missing-batch: transient', () => {
    expect(replayed('broker-missing-batch')).toBeInstanceOf(SchedulerUnreachableError);
    expect(replayed('broker-missing-batch')).not.toBeInstanceOf(SubmitRejectedError);
  });

  it.each([
    ["flux-batch: ERROR: 'nope' is not a valid queue\n", "'nope' is not a valid queue"],
    ['flux-batch: ERROR: a named queue is required\n', 'a named queue is required'],
    ['flux-batch: ERROR: unsatisfiable request\n', 'unsatisfiable request'],
    [
      'usage: flux-batch [-h] [--queue QUEUE]\nflux-batch: error: unrecognized arguments: --parsable\n',
      'unrecognized arguments: --parsable',
    ],
  ])('a refusal is permanent: %j', (stderr, words) => {
    const error = fluxBatch(stderr);
    expect(error).toBeInstanceOf(SubmitRejectedError);
    expect((error as SubmitRejectedError).schedulerMessage).toBe(words);
  });

  it.each([
    'ERROR: Unable to connect to Flux: broker socket /run/flux/local was not found\n',
    'flux-batch: ERROR: job submission to batch is disabled: maintenance until 10:00\n',
    'flux-batch: ERROR: Connection refused\n',
  ])('an unreachable or disabled instance is transient: %j', (stderr) => {
    expect(fluxBatch(stderr)).toBeInstanceOf(SchedulerUnreachableError);
    expect(fluxBatch(stderr)).not.toBeInstanceOf(SubmitRejectedError);
  });
});
