export { stackProbe } from './stack-probe';
export { campaign } from './campaign';
export { orcaJob } from './job';
export { activeLearning } from './active-learning';
