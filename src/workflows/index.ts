export { stackProbe } from './stack-probe';
