/**
 * The chaos suite (`npm run test:chaos`): a campaign on the real local SLURM while workers are killed
 * and Temporal, Postgres and slurmctld are restarted, and a smaller one on a private Flux instance whose
 * broker is stopped for a minute. It restarts the SHARED local Postgres server, so it runs on its own,
 * never as part of `npm test` (its files end in .chaos.ts, not .test.ts). The production-topology run
 * (`test:chaos:production`) leaves the Flux one out: what it adds is on the scheduler's side, which the
 * Temporal topology does not change, and the CI time budget is tight.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/chaos/**/*.chaos.ts'],
  testTimeout: 15 * 60_000,
  maxWorkers: 1,
};
