/**
 * Pure-core tests only (no Temporal server, no Postgres): `npm run test:unit`.
 * `npm test` runs these too, together with everything else.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  globalSetup: undefined,
  globalTeardown: undefined,
  testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
};
