import { builtinModules } from 'node:module';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

// Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
const forbiddenInWorkflows = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  'pg',
  'pg-*',
  'axios',
  'node-fetch',
  'undici',
  '@temporalio/worker',
  '@temporalio/client',
  '@temporalio/activity',
];

// The layering of src/ (README "Architecture"; each room's index.ts opens with its rule; the room lists are
// exported for test/unit/architecture). A room is named by the relative specifier that reaches it from inside
// another room: `../db`, `../../activities/deps`, ...
const rooms = (...names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;
export const CORES = [
  'orca',
  'ingest',
  'recovery',
  'jobs',
  'campaign',
  'schedulers',
  'simulator',
  'active-learning',
];
export const APP_ROOMS = ['activities', 'client', 'dashboard', 'temporal', 'workers', 'workflows'];

const temporalSdk = (...allowed) => ({
  group: ['@temporalio/*', ...allowed.map((name) => `!${name}`)],
  message:
    'This layer is Temporal-free: Temporal code lives in workflows, activities, workers, temporal and the CLI.',
});
const noAppRooms = {
  regex: rooms(...APP_ROOMS),
  message: 'Cores and src/db sit below activities, client, dashboard, temporal, workers and workflows.',
};
const noDatabase = {
  regex: rooms('db'),
  message:
    'Pure cores do not reach Postgres: src/db imports them, not the other way round (ingest excepted).',
};
const noPg = { group: ['pg', 'pg-*'], message: 'Only src/db (and the ingest pipeline) talks to Postgres.' };
const coreRules = (...allowedTemporal) => [temporalSdk(...allowedTemporal), noAppRooms, noDatabase, noPg];
const workflowSafe = {
  group: forbiddenInWorkflows,
  message: 'Workflows import this file: it must stay deterministic (no Node built-ins or I/O modules).',
};
/** Core files workflows import by value (the layer-imports test checks that this list is complete). */
const WORKFLOW_SAFE_FILES = [
  'src/campaign/**/*.ts',
  'src/recovery/**/*.ts',
  'src/jobs/job-input.ts',
  'src/jobs/outcome.ts',
  'src/jobs/types.ts',
  'src/jobs/workflow-labels.ts',
  'src/active-learning/input.ts',
  'src/active-learning/engine-contract.ts',
  'src/schedulers/types.ts',
];
const SEARCH_ATTRIBUTES = 'src/campaign/search-attributes.ts';

/** One entry per group of files; a file matched by several takes the last (flat config replaces options). */
const layers = [
  {
    files: ['src/*.ts'],
    ignores: ['src/dev-server.ts'],
    patterns: [
      temporalSdk(),
      {
        regex: '^\\./[^/]+/',
        message: 'Top-level helpers (config, paths, redact) are leaves: they import no room.',
      },
    ],
  },
  {
    files: ['src/dev-server.ts'],
    patterns: [
      {
        regex: '^\\./(activities|client|dashboard|db|workers|workflows)(/|$)',
        message: 'The dev server is Temporal plumbing: it may import search-attribute keys, no app room.',
      },
    ],
  },
  { files: CORES.map((core) => `src/${core}/**/*.ts`), ignores: ['src/ingest/**'], patterns: coreRules() },
  { files: ['src/ingest/**/*.ts'], patterns: [temporalSdk(), noAppRooms] },
  { files: WORKFLOW_SAFE_FILES, ignores: [SEARCH_ATTRIBUTES], patterns: [...coreRules(), workflowSafe] },
  // The keys are the contract between workflows, worker and CLI; @temporalio/common is workflow-safe.
  { files: [SEARCH_ATTRIBUTES], patterns: [...coreRules('@temporalio/common'), workflowSafe] },
  {
    files: ['src/db/**/*.ts'],
    patterns: [
      temporalSdk(),
      noAppRooms,
      {
        regex: rooms('ingest'),
        allowTypeImports: true,
        message: 'src/ingest imports src/db: db takes its types only.',
      },
    ],
  },
  {
    files: ['src/activities/**/*.ts'],
    patterns: [
      {
        regex: rooms('client', 'dashboard', 'temporal', 'workers'),
        message:
          'Activities sit below the CLI, the status page and the worker; their Temporal client comes injected.',
      },
      {
        regex: '^(\\.\\./)+workflows(/(?!messages$).*)?$',
        message:
          'Of src/workflows, activities import only messages.ts (the shared signal/query/update contract).',
      },
      {
        group: ['@temporalio/worker', '@temporalio/workflow'],
        message: 'Activities run outside the workflow sandbox.',
      },
      {
        group: ['@temporalio/client'],
        allowTypeImports: true,
        message: 'The Temporal client comes in ActivityDependencies.',
      },
    ],
  },
  {
    files: ['src/client/**/*.ts'],
    patterns: [
      {
        regex: rooms('activities'),
        message: 'The CLI reaches Postgres through src/db, never through activities.',
      },
      {
        group: ['@temporalio/activity', '@temporalio/worker'],
        message: 'The worker SDK belongs to src/workers.',
      },
    ],
  },
  {
    files: ['src/dashboard/**/*.ts'],
    patterns: [
      temporalSdk(),
      {
        regex: rooms('activities', 'client', 'temporal', 'workers', 'workflows'),
        message: 'The status page reads src/db only.',
      },
    ],
  },
  {
    files: ['src/temporal/**/*.ts'],
    patterns: [
      {
        regex: rooms('activities', 'client', 'dashboard', 'db', 'workers', 'workflows'),
        message: 'src/temporal is plumbing the CLI and the worker import, never the other way round.',
      },
      {
        group: ['@temporalio/activity', '@temporalio/worker', '@temporalio/workflow'],
        message: 'src/temporal connects clients: the worker, activity and workflow SDKs stay in their rooms.',
      },
    ],
  },
  {
    files: ['src/workers/**/*.ts'],
    patterns: [
      { regex: rooms('client', 'dashboard'), message: 'The CLI starts the worker, not the other way round.' },
    ],
  },
  {
    files: ['src/workflows/**/*.ts'],
    patterns: [
      {
        group: forbiddenInWorkflows,
        message: 'Workflow code must stay deterministic: no Node built-ins or I/O modules.',
      },
      {
        group: ['**/activities', '**/activities/*'],
        allowTypeImports: true,
        message: 'Workflows may import activity types only (proxyActivities<typeof ...>).',
      },
      {
        regex: rooms('client', 'dashboard', 'db', 'temporal', 'workers'),
        message:
          'Workflows run in the sandbox: no Postgres, CLI, Temporal connection, worker or status page.',
      },
      {
        regex: `^(\\.\\./)+(${CORES.join('|')})(/index)?$`,
        allowTypeImports: true,
        message: 'Import the workflow-safe file itself: a core index may pull in Node modules.',
      },
    ],
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', '.data/**', 'coverage/**', 'bench/out/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layers.map(({ patterns, ...files }) => ({
    ...files,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  })),
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
  },
);
