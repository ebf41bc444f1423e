// The data-access layer: every SQL statement of orcastrate lives in this directory, one module per aggregate.
// It may import `pg` and pure cores (types, parsers) only: never Temporal, activities, client or workflows.
export * from './active-learning-views';
export * from './attempts';
export * from './campaigns';
export * from './errors';
export * from './ingest';
export * from './ingest-errors';
export * from './job-rows';
export * from './job-listing';
export * from './job-stats';
export * from './job-transitions';
export * from './jobs';
export * from './job-resets';
export * from './job-steps';
export * from './operator-actions';
export * from './stack-probes';
export * from './transaction';
export { createPool } from './pool';
