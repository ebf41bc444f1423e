// One ORCA job's rules and files: input rendering, resources, verdicts, attempt directories and their owners.
// Imports cores and Node built-ins, no Temporal; job-input.ts and types.ts are workflow-safe (imported directly).
export * from './types';
export { parseJobWorkflowInput } from './job-input';
export { renderOrcaInput, type OrcaInputSpec } from './orca-input';
export { maxcoreMbPerCore, orcaJobEnvironment, orcaResourceLines } from './orca-resources';
export { metricsOf, verdictFor } from './verdict';
export { attemptDir, lastGeometry } from './attempt-layout';
export { claimAttemptDirectory } from './attempt-owner';
export { campaignPrerequisiteProblems } from './campaign-prerequisites';
