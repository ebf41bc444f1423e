/** Every operator action on a campaign, as written to `operator_actions` (audit trail). */
export const OPERATOR_ACTIONS = [
  'resetFailed',
  'retryJobs',
  'pause',
  'resume',
  'setMaxInFlight',
  'cancel',
  'close',
] as const;
export type OperatorAction = (typeof OPERATOR_ACTIONS)[number];

export interface OperatorActionRecord {
  campaignId: string;
  action: OperatorAction;
  /** The arguments as received (JSON; overrides included). */
  arguments: unknown;
  accepted: boolean;
  /** Why it was refused or ignored (accepted = false). */
  refusedBecause?: string;
  /** Jobs the action changed (reset, cancelled...), when it changes jobs. */
  jobsAffected?: number;
  /** As the caller named itself (requestedBy) or as Temporal's history recorded it. */
  identity?: string;
  /** 'signal' or 'update': how the action arrived. */
  via: 'signal' | 'update';
  workflowId: string;
  runId: string;
  /** Update id, when it arrived as an update (lets the activity find the caller's identity). */
  updateId?: string;
}
