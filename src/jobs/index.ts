// One ORCA job's rules and files: input rendering, resources, verdicts, outcomes, attempt directories and owners.
// Imports cores and Node built-ins, no Temporal; job-input, outcome, types, workflow-labels are workflow-safe.
export * from './types';
export { parseJobWorkflowInput } from './job-input';
export { renderOrcaInput, type OrcaInputSpec } from './orca-input';
export { maxcoreMbPerCore, orcaJobEnvironment, orcaResourceLines } from './orca-resources';
export { metricsOf, verdictFor } from './verdict';
export { jobPropertiesOf, MAYER_BOND_ORDER_MIN } from './job-properties';
export { failureTypeOf, jobFailure, type JobEnd, type JobFailure } from './outcome';
export { attemptDir, lastGeometry } from './attempt-layout';
export { claimAttemptDirectory } from './attempt-owner';
export { campaignPrerequisiteProblems } from './campaign-prerequisites';
