import type { CampaignSettings, OrcaSettings, RecoverySettings } from './input';
import { blocksToText, replaceBlocksByName, validatedBlocks } from './orca-blocks';
import { runOrder } from './steps';

/** The name of the one step of a campaign without `steps`. */
export const SINGLE_STEP_NAME = 'main';

/** A step with every setting decided: what one (structure, step) job runs. */
export interface ResolvedStep {
  name: string;
  keywords: string;
  /** The campaign's blocks with the step's merged in by name (see replaceBlocksByName); absent: none. */
  blocks?: string;
  cores: number;
  memoryMb: number;
  walltimeMinutes: number;
  recovery: RecoverySettings;
  /** Steps that must complete first (as given). */
  dependsOn: string[];
  /** The step whose final geometry this one starts from; absent: the structure from the CSV. */
  geometryFrom?: string;
}

/** True for a campaign that runs a pipeline (`steps`), false for one step. */
export const isPipeline = (settings: Pick<CampaignSettings, 'steps'>): boolean =>
  settings.steps !== undefined;

/**
 * The steps a campaign runs per structure, in run order (every step after those it depends on,
 * otherwise as given), each with its effective settings: the step's own, else the campaign's
 * (`orca.*`, `recovery`; a step's `recovery` overrides field by field). Without `steps`: one step,
 * `main`, with the campaign's settings. Takes validated settings (parseCampaignInput).
 */
export function resolveSteps(
  settings: Pick<CampaignSettings, 'orca' | 'steps' | 'recovery'>,
): ResolvedStep[] {
  const { orca, recovery } = settings;
  if (!settings.steps) {
    return [
      {
        name: SINGLE_STEP_NAME,
        keywords: orca.keywords,
        ...optional('blocks', orca.blocks),
        cores: orca.cores,
        memoryMb: orca.memoryMb,
        walltimeMinutes: orca.walltimeMinutes,
        recovery: { ...recovery },
        dependsOn: [],
      },
    ];
  }
  const campaignBlocks = validatedBlocks(orca.blocks);
  return runOrder(settings.steps).map((step) => ({
    name: step.name,
    keywords: step.keywords ?? orca.keywords,
    ...optional('blocks', blocksToText(replaceBlocksByName(campaignBlocks, validatedBlocks(step.blocks)))),
    cores: step.cores ?? orca.cores,
    memoryMb: step.memoryMb ?? orca.memoryMb,
    walltimeMinutes: step.walltimeMinutes ?? orca.walltimeMinutes,
    recovery: {
      strategy: step.recovery?.strategy ?? recovery.strategy,
      maxAttempts: step.recovery?.maxAttempts ?? recovery.maxAttempts,
    },
    dependsOn: [...(step.dependsOn ?? [])],
    ...optional('geometryFrom', step.geometryFrom),
  }));
}

/** The ORCA settings of one step's jobs (a job workflow's `settings.orca`). */
export function stepOrcaSettings(orca: OrcaSettings, step: ResolvedStep): OrcaSettings {
  const { blocks: _campaignBlocks, ...shared } = orca;
  return {
    ...shared,
    keywords: step.keywords,
    ...optional('blocks', step.blocks),
    cores: step.cores,
    memoryMb: step.memoryMb,
    walltimeMinutes: step.walltimeMinutes,
  };
}

/** `{ [key]: value }`, or nothing for undefined: JSON-friendly objects without undefined fields. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
