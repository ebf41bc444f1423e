export { stackProbe } from './stack-probe';
export { campaign } from './campaign';
export { orcaJob } from './job';
