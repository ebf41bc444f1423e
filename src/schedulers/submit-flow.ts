import * as path from 'node:path';
import { writeFileAtomic } from './atomic-file';
import { submitIdempotently } from './idempotent-submit';
import { schedulerLogFileName, scriptFileName, validateJobSpec } from './job-spec';
import { ensureJobDir, resolveJobDir } from './path-safety';
import type {
  JobRef,
  JobSpec,
  SchedulerAdapter,
  SchedulerKind,
  SchedulerStatus,
  SubmitResult,
} from './types';

/** A validated job whose script has just been written into its directory. */
export interface WrittenJob {
  spec: JobSpec;
  /** Resolved, checked and existing. */
  jobDir: string;
  scriptPath: string;
  /** Where the scheduler should write the script's stdout/stderr. */
  logPath: string;
}

/**
 * The submit flow all schedulers share: validate the spec (once), create the job directory, then the
 * idempotent submit (marker, then the scheduler's memory of the name, and only then: write the
 * script, hand it over, write the marker). An adapter supplies what is its own: the script for a
 * validated spec, the hand-over (the submit command and reading the id it prints), and the queries.
 */
export abstract class ScriptSubmitAdapter implements SchedulerAdapter {
  abstract readonly kind: SchedulerKind;

  /** `afterSchedulerAccepted` runs between the hand-over and the marker; for crash tests only. */
  protected constructor(private readonly afterSchedulerAccepted?: (schedulerId: string) => void) {}

  renderScript(spec: JobSpec): string {
    validateJobSpec(spec);
    return this.renderValidatedScript(spec, resolveJobDir(spec.campaignRoot, spec.workingDir));
  }

  async submit(spec: JobSpec): Promise<SubmitResult> {
    validateJobSpec(spec);
    const jobDir = ensureJobDir(spec.campaignRoot, spec.workingDir);
    return submitIdempotently({
      kind: this.kind,
      spec,
      jobDir,
      findByName: (name) => this.findByName(name),
      adopt: (known) => this.adoptKnown(spec, known),
      afterSchedulerAccepted: this.afterSchedulerAccepted,
      submitNew: () => {
        const job: WrittenJob = {
          spec,
          jobDir,
          scriptPath: path.join(jobDir, scriptFileName(spec.name)),
          logPath: path.join(jobDir, schedulerLogFileName(spec.name)),
        };
        writeFileAtomic(job.scriptPath, this.renderValidatedScript(spec, jobDir), 0o755);
        return this.handToScheduler(job);
      },
    });
  }

  /** The complete job script; `spec` has passed validateJobSpec and `jobDir` is resolved. */
  protected abstract renderValidatedScript(spec: JobSpec, jobDir: string): string;

  /** Hands the written job to the scheduler and returns the id it was given. */
  protected abstract handToScheduler(job: WrittenJob): Promise<string>;

  /** The job found under the spec's name that this submission is (`known` newest first, never empty). */
  protected adoptKnown(_spec: JobSpec, known: JobRef[]): Promise<string> {
    return Promise.resolve(known[0]!.schedulerId);
  }

  abstract findByName(name: string): Promise<JobRef[]>;
  abstract statusMany(refs: readonly JobRef[]): Promise<Map<string, SchedulerStatus>>;
  abstract cancel(ref: JobRef): Promise<void>;
}
