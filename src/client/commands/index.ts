// The CLI's commands, one module each, every one a register…(program) that cli.ts calls.
// Imports as src/client does: every room but src/activities; of src/workflows the workflow names, types and messages.
export { registerActiveLearningCommand } from './active-learning';
export { registerCleanupCommand } from './cleanup';
export { registerDashboardCommand } from './dashboard';
export { registerDbCommands } from './db';
export { registerDevCommands } from './dev';
export { registerHistoryCommand } from './history';
export { registerIngestCommand } from './ingest';
export { registerJobsCommand } from './jobs';
export { registerParseCommand } from './parse';
export { registerProbeCommand } from './probe';
export { registerPwdCommands } from './pwd';
export { registerReportCommand } from './report';
export { registerResetFailedCommand } from './reset-failed';
export { registerStartCommand } from './start';
export { registerStatusCommand } from './status';
export { registerWatchCommand } from './watch';
export { registerWorkerCommand } from './worker';
