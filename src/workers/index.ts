// The worker process: workflow bundle, search attributes, data-root check, ORCASTRATE_WORKER_* tuning, and the worker joining activities to workflows.
// The one room that may import both src/activities and src/workflows (and db, temporal, cores); never client or dashboard.
export { runWorker } from './main';
export { createOrcastrateWorker, type WorkerCreateOptions, type WorkerHandle } from './create-worker';
export { writeWorkflowBundle } from './bundle-workflows';
