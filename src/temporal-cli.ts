// Moved to src/temporal/cli-binary.ts; kept until src/activities/active-learning.ts imports from there.
export { REPO_ROOT, findTemporalCli, temporalCliVersion } from './temporal/cli-binary';
