import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { EngineMetrics, EngineRole } from '../active-learning/engine-contract';
import {
  labelWorkflowId,
  type ActiveLearningSettings,
  type AlPhase,
  type GenerationRecord,
} from '../active-learning/input';
import type { CampaignInput } from '../campaign/input';
import { campaignKey } from '../campaign/search-attributes';
import { retryForever } from './activity-options';
import { campaign } from './campaign';
import { validateActiveLearningInput } from './input-validation';
import { activeLearningStatusQuery, pauseSignal, resumeSignal, stopAfterGenerationSignal } from './messages';

const db = proxyActivities<Activities>({ startToCloseTimeout: '2 minutes', retry: retryForever });
const engines = proxyActivities<Activities>({
  startToCloseTimeout: '24 hours',
  heartbeatTimeout: '15 seconds',
  retry: {
    initialInterval: '2 seconds',
    maximumAttempts: 3,
    nonRetryableErrorTypes: ['EngineInputMissing', 'EngineNotBuilt'],
  },
});

export interface ActiveLearningSummary {
  alId: string;
  stopReason: 'converged' | 'max-generations' | 'stopped';
  datasetSize: number;
  generations: GenerationRecord[];
}

/** Carried from one generation's run to the next (continue-as-new after every generation). */
export interface ActiveLearningCarry {
  generation: number;
  history: GenerationRecord[];
  paused: boolean;
  /** Started before input became strict: later runs keep ignoring unknown fields. */
  lenientInput?: boolean;
}

/**
 * The zero-human loop. One run of this workflow is one generation:
 * explore (generator) → label (child `campaign` <id>/gen-<n>/label through the ORCA job lifecycle) →
 * train → infer (sampling with the committee) → select (uncertain structures) → continue-as-new.
 * It stops when nothing is uncertain, at maxGenerations, or after a `stopAfterGeneration` signal; a
 * generation whose labelling failure rate exceeds the threshold fails it with a clear error.
 * Phases finished before a restart are never redone: replay covers a worker crash, and every phase
 * activity returns its stored result when its outputs already exist (Postgres + files).
 */
export async function activeLearning(
  rawInput: unknown,
  carry?: ActiveLearningCarry,
): Promise<ActiveLearningSummary> {
  const info = workflowInfo();
  const { settings, alId, strict } = validateActiveLearningInput(
    rawInput,
    info.workflowId,
    carry?.lenientInput,
  );
  let history = carry?.history ?? [];
  let paused = carry?.paused ?? false;
  let stopAfterGeneration = false;
  let phase: AlPhase = 'explore';
  let generation = carry?.generation ?? 1;
  let labelChildRunning = false;

  setHandler(pauseSignal, () => {
    paused = true;
    if (labelChildRunning) void forwardToLabel(pauseSignal);
  });
  setHandler(resumeSignal, () => {
    paused = false;
    if (labelChildRunning) void forwardToLabel(resumeSignal);
  });
  setHandler(stopAfterGenerationSignal, () => {
    stopAfterGeneration = true;
  });
  setHandler(activeLearningStatusQuery, () => ({
    alId,
    generation,
    phase,
    paused,
    stopAfterGeneration,
    maxGenerations: settings.maxGenerations,
    datasetSize: history[history.length - 1]?.datasetSize ?? 0,
    generations: history,
  }));

  if (!carry) {
    upsertSearchAttributes([{ key: campaignKey, value: alId }]);
    // A fresh start of a loop Postgres already knows resumes after its last finished generation.
    history = await db.alBegin({ alId, workflowId: info.workflowId, settings });
    generation = history.length + 1;
    const last = history[history.length - 1];
    if (last && (last.selected === 0 || last.generation >= settings.maxGenerations)) {
      return await finish(last.selected === 0 ? 'converged' : 'max-generations');
    }
  }

  const enter = async (next: AlPhase) => {
    phase = next;
    if (paused) {
      await db.alPhase({ alId, generation, phase, paused: true });
      await condition(() => !paused);
    }
    await db.alPhase({ alId, generation, phase });
  };
  const run = async (role: EngineRole): Promise<EngineMetrics> =>
    (await engines.alRunEngine({ alId, generation, role, settings })).metrics;

  await enter('explore');
  await run('generator');

  await enter('label');
  const prepared = await db.alPrepareLabels({ alId, generation, settings });
  if (prepared.jobs > 0) {
    labelChildRunning = true;
    await executeChild(campaign, {
      workflowId: labelWorkflowId(alId, generation),
      args: [labelCampaignInput(settings, prepared.campaignId)],
      parentClosePolicy: ParentClosePolicy.TERMINATE,
      typedSearchAttributes: [{ key: campaignKey, value: prepared.campaignId }],
    });
    labelChildRunning = false;
  }
  const labels = await db.alCollectLabels({ alId, generation, campaignId: prepared.campaignId });
  const failureRate = labels.total > 0 ? labels.failed / labels.total : 0;
  if (failureRate > settings.failureThreshold) {
    const reasons = Object.entries(labels.failureReasons)
      .map(([reason, n]) => `${reason} ×${n}`)
      .join(', ');
    const message =
      `generation ${generation}: ${labels.failed} of ${labels.total} labelling jobs failed ` +
      `(${(100 * failureRate).toFixed(0)} %), above the failure threshold of ` +
      `${(100 * settings.failureThreshold).toFixed(0)} %; reasons: ${reasons}; ` +
      `see campaign ${prepared.campaignId}`;
    await db.alEnd({ alId, status: 'failed', error: message });
    throw ApplicationFailure.create({ type: 'LabelFailureRateExceeded', message, nonRetryable: true });
  }
  if (labels.datasetSize === 0) {
    const message = `generation ${generation}: no labelled structures to train on`;
    await db.alEnd({ alId, status: 'failed', error: message });
    throw ApplicationFailure.create({ type: 'EmptyDataset', message, nonRetryable: true });
  }

  await enter('train');
  const trained = await run('trainer');
  await enter('infer');
  const inferred = await run('inference');
  await enter('select');
  const selected = await run('selector');

  const record: GenerationRecord = {
    generation,
    labelCampaignId: prepared.campaignId,
    labelTotal: labels.total,
    labelled: labels.labelled,
    labelFailed: labels.failed,
    failureReasons: labels.failureReasons,
    datasetSize: labels.datasetSize,
    holdoutSize: labels.holdoutSize,
    trainRmseEh: trained.trainRmseEh ?? null,
    holdoutRmseEh: trained.holdoutRmseEh ?? null,
    maxUncertaintyEh: inferred.maxUncertaintyEh ?? null,
    meanUncertaintyEh: inferred.meanUncertaintyEh ?? null,
    samples: inferred.samples ?? 0,
    selected: selected.selected ?? 0,
  };
  await db.alFinishGeneration({ alId, record });
  history = [...history, record];
  phase = 'done';

  if (record.selected === 0) return await finish('converged');
  if (generation >= settings.maxGenerations) return await finish('max-generations');
  if (stopAfterGeneration) return await finish('stopped');
  await condition(allHandlersFinished);
  return await continueAsNew<typeof activeLearning>(rawInput, {
    generation: generation + 1,
    history,
    paused,
    lenientInput: !strict,
  });

  async function finish(stopReason: ActiveLearningSummary['stopReason']): Promise<ActiveLearningSummary> {
    phase = 'done';
    await db.alEnd({ alId, status: stopReason === 'stopped' ? 'stopped' : 'completed', stopReason });
    await condition(allHandlersFinished);
    return {
      alId,
      stopReason,
      datasetSize: history[history.length - 1]?.datasetSize ?? 0,
      generations: history,
    };
  }

  async function forwardToLabel(signal: typeof pauseSignal | typeof resumeSignal): Promise<void> {
    try {
      await getExternalWorkflowHandle(labelWorkflowId(alId, generation)).signal(signal);
    } catch {
      // the child already finished
    }
  }
}

function labelCampaignInput(settings: ActiveLearningSettings, campaignId: string): CampaignInput {
  const { orca, scheduler, recovery, maxInFlight, pollIntervalSeconds, graceMinutes } = settings.label;
  // no csvPath: the campaign attaches to the jobs alPrepareLabels inserted
  return { campaignId, orca, scheduler, recovery, maxInFlight, pollIntervalSeconds, graceMinutes };
}
