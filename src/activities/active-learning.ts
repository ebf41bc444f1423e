import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { EngineRole } from '../active-learning/engine-contract';
import { EngineError } from '../active-learning/engine-errors';
import {
  labelCampaignId,
  type ActiveLearningSettings,
  type AlPhase,
  type GenerationRecord,
} from '../active-learning/input';
import { readLabelJobs, writeGenerationDataset, type LabelOutcome } from '../active-learning/label-files';
import { generationFiles } from '../active-learning/layout';
import { resumableGenerations } from '../active-learning/resume';
import { runEngineStep, type EngineOutcome } from '../active-learning/run-engine';
import type { Config } from '../config';
import * as alDb from '../db/active-learning';
import { jobIdForRow, upsertCampaign } from '../db';
import type { SchedulerRegistry } from './deps';

/**
 * The active-learning loop's activities. The work lives in `src/active-learning/` (files, engines)
 * and `src/db/active-learning.ts` (Postgres); engine errors become ApplicationFailures here.
 */
export function createActiveLearningActivities(pool: Pool, config: Config, schedulers: SchedulerRegistry) {
  return {
    /** Registers (or finds) the loop; returns the generations Postgres already has as finished. */
    async alBegin(run: {
      alId: string;
      workflowId: string;
      settings: ActiveLearningSettings;
    }): Promise<GenerationRecord[]> {
      return resumableGenerations(await alDb.beginRun(pool, run));
    },

    async alPhase(at: { alId: string; generation: number; phase: AlPhase; paused?: boolean }): Promise<void> {
      await alDb.setPhase(pool, at);
    },

    /** Runs one engine, or returns the result of a run that already finished (a restart never reruns it). */
    async alRunEngine(step: {
      alId: string;
      generation: number;
      role: EngineRole;
      settings: ActiveLearningSettings;
    }): Promise<EngineOutcome> {
      try {
        return await runEngineStep(step, {
          dataRoot: config.dataRoot,
          log: alDb.engineRunLog(pool, step),
          schedulerFor: (settings) => schedulers.get(settings),
          signal: Context.current().cancellationSignal,
        });
      } catch (error) {
        throw engineFailure(error);
      }
    },

    /** Turns the generator's structures into jobs of this generation's label campaign (idempotent). */
    async alPrepareLabels({
      alId,
      generation,
      settings,
    }: {
      alId: string;
      generation: number;
      settings: ActiveLearningSettings;
    }): Promise<{ campaignId: string; jobs: number }> {
      const jobs = await readLabelJobs(generationFiles(config.dataRoot, alId, generation), generation);
      const campaignId = labelCampaignId(alId, generation);
      await upsertCampaign(pool, campaignId, {
        activeLearning: alId,
        generation,
        orca: settings.label.orca,
        scheduler: settings.label.scheduler,
      });
      await alDb.recordLabelJobs(pool, {
        alId,
        generation,
        campaignId,
        jobs: jobs.map((job) => ({ ...job, jobId: jobIdForRow(job.rowIndex) })),
      });
      return { campaignId, jobs: jobs.length };
    },

    /**
     * Reads the label campaign's energies: completed jobs join the dataset (previous generation's plus
     * these), failed ones are counted by reason. Generation 1 also fixes the labelled hold-out set.
     */
    async alCollectLabels({
      alId,
      generation,
      campaignId,
    }: {
      alId: string;
      generation: number;
      campaignId: string;
    }): Promise<LabelOutcome> {
      const results = await alDb.labelResults(pool, campaignId);
      const files = generationFiles(config.dataRoot, alId, generation);
      const outcome = await writeGenerationDataset(files, generation, results);
      await alDb.recordLabelOutcome(pool, { alId, generation }, outcome);
      return outcome;
    },

    async alFinishGeneration({ alId, record }: { alId: string; record: GenerationRecord }): Promise<void> {
      await alDb.finishGeneration(pool, alId, record);
    },

    async alEnd(end: {
      alId: string;
      status: 'completed' | 'failed' | 'stopped';
      stopReason?: string;
      error?: string;
    }): Promise<void> {
      await alDb.endRun(pool, end);
    },
  };
}

/** An engine error as the failure the workflow's retry policy reads; other errors pass unchanged. */
export function engineFailure(error: unknown): unknown {
  if (!(error instanceof EngineError)) return error;
  return ApplicationFailure.create({
    type: error.type,
    message: error.message,
    nonRetryable: !error.retryable,
  });
}
