/**
 * The chaos suite (`npm run test:chaos`): a campaign on the real local SLURM while workers are killed
 * and Temporal, Postgres and slurmctld are restarted. It restarts the SHARED local Postgres server,
 * so it runs on its own, never as part of `npm test` (its files end in .chaos.ts, not .test.ts).
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/chaos/**/*.chaos.ts'],
  testTimeout: 15 * 60_000,
  maxWorkers: 1,
};
