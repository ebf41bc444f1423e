import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { OperatorAction } from '../campaign/operator-actions';
import type { z } from 'zod';
import {
  closeOptionsSchema,
  parseRequest,
  resetFailedOptionsSchema,
  retryJobsOptionsSchema,
  type ResetFailedOptions,
  type RetryJobsOptions,
} from '../campaign/operator-requests';
import type { SubmitRejectionTracker } from '../campaign/submit-rejections';
import { db } from './campaign-activities';
import { auditAction, type ActionOutcome } from './campaign-audit';
import {
  CAMPAIGN_CLOSING,
  cancelCampaignSignal,
  REQUEST_REFUSED,
  closeOptionsProblem,
  closeSignal,
  closeUpdate,
  pauseSignal,
  resetFailedOptionsProblem,
  resetFailedSignal,
  resetFailedUpdate,
  resumeSignal,
  retryJobsOptionsProblem,
  retryJobsSignal,
  retryJobsUpdate,
  setMaxInFlightSignal,
  type CampaignStatus,
} from './messages';

/** What operators change in a running campaign; the campaign loop reads it. */
export interface CampaignControlState {
  paused: boolean;
  pauseReason?: string;
  cancelling: boolean;
  /** Close as soon as the campaign is settled (or now, if it is). */
  closeRequested: boolean;
  /** The main loop has ended: resets can no longer be run by this run. */
  closing: boolean;
  maxInFlight: number;
  rescanRequested: boolean;
  wake: boolean;
}

class Refusal extends Error {}

interface Outcome<T> {
  result: T;
  jobsAffected?: number;
}

/** Registers every operator signal and update; each one is recorded in the audit trail. */
export function registerOperatorHandlers(
  campaignId: string,
  state: CampaignControlState,
  rejections: SubmitRejectionTracker,
  phase: () => CampaignStatus['phase'],
): void {
  /** Runs an action, records it, and (for an update) refuses it with a typed failure. */
  const act = async <T>(
    action: OperatorAction,
    args: unknown,
    via: 'signal' | 'update',
    run: () => Outcome<T> | Promise<Outcome<T>>,
  ): Promise<T | undefined> => {
    let outcome: ActionOutcome;
    let result: T | undefined;
    try {
      const done = await run();
      result = done.result;
      outcome = { accepted: true, jobsAffected: done.jobsAffected };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      outcome = { accepted: false, refusedBecause: error.message };
    }
    await auditAction(campaignId, action, args, outcome);
    if (!outcome.accepted && via === 'update') {
      const type = state.closing ? CAMPAIGN_CLOSING : REQUEST_REFUSED;
      throw ApplicationFailure.create({ type, message: outcome.refusedBecause, nonRetryable: true });
    }
    return result;
  };
  const simple = (action: OperatorAction, change: () => void) => async (args?: unknown) => {
    await act(action, args, 'signal', () => {
      change();
      state.wake = true;
      return { result: undefined };
    });
  };
  const refuseWhenClosing = () => {
    if (state.closing) {
      throw new Refusal(
        'the campaign is closing: once it has closed, `orcastrate reset-failed` starts a new run for the reset',
      );
    }
  };
  const parsedOrRefused = <T>(schema: z.ZodType<T>, raw: unknown): T => {
    const parsed = parseRequest(schema, raw);
    if (parsed.problem !== undefined) throw new Refusal(`invalid options: ${parsed.problem}`);
    return parsed.options;
  };

  setHandler(
    pauseSignal,
    simple('pause', () => (state.paused = true)),
  );
  setHandler(
    resumeSignal,
    simple('resume', () => {
      state.paused = false;
      state.pauseReason = undefined;
      rejections.reset();
    }),
  );
  setHandler(
    cancelCampaignSignal,
    simple('cancel', () => (state.cancelling = true)),
  );
  setHandler(setMaxInFlightSignal, async (value) => {
    await act('setMaxInFlight', value, 'signal', () => {
      if (!(Number.isInteger(value) && value >= 1 && value <= 10_000)) {
        throw new Refusal(`maxInFlight must be an integer from 1 to 10000, got ${JSON.stringify(value)}`);
      }
      state.maxInFlight = value;
      state.wake = true;
      return { result: undefined };
    });
  });

  const resetFailed = (via: 'signal' | 'update') => async (raw: ResetFailedOptions | undefined) =>
    act('resetFailed', raw, via, async () => {
      const options = parsedOrRefused(resetFailedOptionsSchema, raw);
      refuseWhenClosing();
      const reset = await db.resetFailedJobs({ campaignId, ...options });
      if (reset > 0) requestRescan();
      return { result: reset, jobsAffected: reset };
    });
  const validate = (problemOf: (options: unknown) => string | undefined) => ({
    validator: (options: unknown) => {
      const problem = problemOf(options);
      if (problem) throw new Error(problem);
    },
  });
  // Arguments arrive from `temporal workflow update/signal` too, so they may be missing or malformed:
  // the update's validator refuses them; a signal cannot be refused, so it is recorded as ignored.
  setHandler(
    resetFailedUpdate,
    async (options) => (await resetFailed('update')(options)) ?? 0,
    validate(resetFailedOptionsProblem),
  );
  setHandler(resetFailedSignal, async (options) => {
    await resetFailed('signal')(options);
  });

  const retryJobs = (via: 'signal' | 'update') => async (raw: RetryJobsOptions) =>
    act('retryJobs', raw, via, async () => {
      const options = parsedOrRefused(retryJobsOptionsSchema, raw);
      refuseWhenClosing();
      const outcome = await db.retryJobs({ campaignId, ...options });
      const problems = [
        outcome.unknown.length > 0 ? `unknown job(s): ${listed(outcome.unknown)}` : '',
        outcome.notFinal.length > 0
          ? `not final yet: ${listed(outcome.notFinal.map((job) => `${job.jobId} (${job.status})`))}`
          : '',
      ].filter(Boolean);
      if (problems.length > 0) throw new Refusal(`nothing retried: ${problems.join('; ')}`);
      if (outcome.retried > 0) requestRescan();
      return { result: outcome.retried, jobsAffected: outcome.retried };
    });
  setHandler(
    retryJobsUpdate,
    async (options) => (await retryJobs('update')(options)) ?? 0,
    validate(retryJobsOptionsProblem),
  );
  setHandler(retryJobsSignal, async (options) => {
    await retryJobs('signal')(options);
  });

  const close = (via: 'signal' | 'update') => async (raw: unknown) =>
    act('close', raw, via, () => {
      parsedOrRefused(closeOptionsSchema, raw);
      state.closeRequested = true;
      state.wake = true;
      return { result: phase() };
    });
  setHandler(
    closeUpdate,
    async (options) => (await close('update')(options)) ?? phase(),
    validate(closeOptionsProblem),
  );
  setHandler(closeSignal, async (options) => {
    await close('signal')(options);
  });

  function requestRescan(): void {
    state.rescanRequested = true;
    state.wake = true;
  }
}

function listed(items: string[]): string {
  return items.length <= 10
    ? items.join(', ')
    : `${items.slice(0, 10).join(', ')} and ${items.length - 10} more`;
}
