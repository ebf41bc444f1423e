// The recovery ladder: handlers that read an attempt's outcome, and the decision of what to run next.
// Workflow-safe: imports src/campaign only; no Node built-ins, no I/O, no Temporal.
export { decideRecovery, type DecisionContext, type RecoveryDecision } from './decide';
export type { AttemptOutcome } from './handlers';
export { initialPlan, type AttemptPlan, type Correction } from './plan';
