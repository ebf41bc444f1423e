// Temporal plumbing shared by the CLI and the worker: connecting a client (TLS, errors) and finding the temporal CLI.
// May import @temporalio/client, Node built-ins and top-level config; never activities, client, db, workers, workflows.
export { connectClient, temporalConnectError, tlsOptions } from './connection';
export { readApiKey } from './api-key';
export { findTemporalCli, temporalCliVersion } from './cli-binary';
