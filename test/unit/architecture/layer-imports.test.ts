import { builtinModules } from 'node:module';
import { lintedImportPatterns, lintedRooms } from './lint-config';
import { importsOf, resolveSource, sourceFiles, valueImportsOf } from './source-files';

const files = sourceFiles();

// The same room lists the lint rules are built from.
const { cores: CORES, appRooms: APP_ROOMS } = lintedRooms();

function offenders(
  scope: string,
  forbidden: (specifier: string) => boolean,
  imports: (file: string) => string[] = importsOf,
): string[] {
  return files
    .filter((file) => file.startsWith(scope))
    .flatMap((file) =>
      imports(file).flatMap((specifier) => (forbidden(specifier) ? [`${file}: ${specifier}`] : [])),
    );
}

const temporal = (specifier: string) => specifier.startsWith('@temporalio/');
const postgres = (specifier: string) => specifier === 'pg' || specifier.startsWith('pg-');
const under =
  (...dirs: string[]) =>
  (specifier: string) =>
    dirs.some((dir) => specifier === `src/${dir}` || specifier.startsWith(`src/${dir}/`));
const notWorkflowSafe = (specifier: string) =>
  builtinModules.includes(specifier.replace(/^node:/, '')) ||
  postgres(specifier) ||
  [
    'axios',
    'node-fetch',
    'undici',
    '@temporalio/client',
    '@temporalio/worker',
    '@temporalio/activity',
  ].includes(specifier);

/** Every file outside src/workflows that workflow code loads at run time (type imports are erased). */
function loadedByWorkflows(): string[] {
  const seen = new Set(files.filter((file) => file.startsWith('src/workflows/')));
  const queue = [...seen];
  for (let file = queue.shift(); file; file = queue.shift()) {
    for (const specifier of valueImportsOf(file)) {
      const target = specifier.startsWith('src/') ? resolveSource(specifier, files) : undefined;
      if (target && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return [...seen].filter((file) => !file.startsWith('src/workflows/')).sort();
}

describe('layer imports', () => {
  it('reads the lint rooms, resolves relative imports to src/ paths and tells type imports apart', () => {
    expect(importsOf('src/db/x.ts', "import { a } from '../campaign/statuses';")).toEqual([
      'src/campaign/statuses',
    ]);
    expect(importsOf('src/client/x.ts', "export { b } from '../activities';")).toEqual(['src/activities']);
    const text =
      "import type { A } from './a';\nimport { type B } from './b';\nimport { c, type D } from './c';";
    expect(valueImportsOf('src/db/x.ts', text)).toEqual(['src/db/c']);
    expect(CORES).toEqual(expect.arrayContaining(['campaign', 'ingest', 'jobs', 'orca']));
    expect(APP_ROOMS).toEqual(expect.arrayContaining(['activities', 'client', 'workflows']));
    const found = offenders('src/activities/', under('db'));
    expect(found).toContain('src/activities/job-attempts.ts: src/db');
  });

  it('keeps the pure cores free of Temporal and of every room above them', () => {
    const found = CORES.flatMap((core) =>
      offenders(`src/${core}/`, (s) => temporal(s) || under(...APP_ROOMS)(s)),
    );
    // The search-attribute keys are the contract of workflows, worker and CLI; @temporalio/common is workflow-safe.
    expect(found).toEqual(['src/campaign/search-attributes.ts: @temporalio/common']);
  });

  it('keeps Postgres in src/db and the ingest pipeline', () => {
    const cores = CORES.filter((core) => core !== 'ingest');
    expect(cores.flatMap((core) => offenders(`src/${core}/`, (s) => postgres(s) || under('db')(s)))).toEqual(
      [],
    );
  });

  it('keeps src/db free of Temporal and the rooms above it, and takes only types from src/ingest', () => {
    expect(offenders('src/db/', (s) => temporal(s) || under(...APP_ROOMS)(s))).toEqual([]);
    expect(offenders('src/db/', under('ingest'), valueImportsOf)).toEqual([]);
  });

  it('lets activities import only messages.ts of src/workflows', () => {
    expect(offenders('src/activities/', under('workflows'))).toContain(
      'src/activities/poller.ts: src/workflows/messages',
    );
    expect(
      offenders('src/activities/', (s) => under('workflows')(s) && s !== 'src/workflows/messages'),
    ).toEqual([]);
  });

  it('keeps the client and the status page off src/activities', () => {
    expect(offenders('src/client/', under('activities'))).toEqual([]);
    expect(offenders('src/dashboard/', under('activities'))).toEqual([]);
  });

  it('keeps the ingest core free of Temporal and activities', () => {
    expect(offenders('src/ingest/', (s) => temporal(s) || under('activities')(s))).toEqual([]);
  });

  it('lets workflow code load only workflow-safe files', () => {
    const loaded = loadedByWorkflows();
    expect(loaded).toEqual(expect.arrayContaining(['src/campaign/statuses.ts', 'src/recovery/decide.ts']));
    expect(loaded.flatMap((file) => offenders(file, notWorkflowSafe, valueImportsOf))).toEqual([]);
  });

  it('lints every file workflow code loads with the workflow rule (eslint.config.mjs lists them)', () => {
    const patterns = lintedImportPatterns(loadedByWorkflows());
    const withoutRule = Object.entries(patterns)
      .filter(([, list]) => !list.some((pattern) => pattern.group?.includes('node:fs')))
      .map(([file]) => file);
    expect(Object.keys(patterns).length).toBeGreaterThan(0);
    expect(withoutRule).toEqual([]);
  });
});
