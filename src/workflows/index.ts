// Deterministic Temporal workflows (campaign, job lifecycle, active learning) and their messages.
// Imports only workflow-safe modules: @temporalio/workflow, pure cores' files, types of activities.
export { stackProbe } from './stack-probe';
export { campaign } from './campaign';
export { campaignShard } from './campaign-shard';
export { orcaJob } from './job';
export { activeLearning } from './active-learning';
