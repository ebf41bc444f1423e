import { importsOf, sourceFiles } from './source-files';

const files = sourceFiles();

function offenders(scope: string, forbidden: (specifier: string) => boolean): string[] {
  return files
    .filter((file) => file.startsWith(scope))
    .flatMap((file) =>
      importsOf(file).flatMap((specifier) => (forbidden(specifier) ? [`${file}: ${specifier}`] : [])),
    );
}

const temporal = (specifier: string) => specifier.startsWith('@temporalio/');
const under =
  (...dirs: string[]) =>
  (specifier: string) =>
    dirs.some((dir) => specifier === `src/${dir}` || specifier.startsWith(`src/${dir}/`));

describe('layer imports', () => {
  it('resolves relative imports to paths under src/', () => {
    expect(importsOf('src/db/x.ts', "import { a } from '../campaign/statuses';")).toEqual([
      'src/campaign/statuses',
    ]);
    expect(importsOf('src/client/x.ts', "export { b } from '../activities';")).toEqual(['src/activities']);
    const found = offenders('src/activities/', under('db'));
    expect(found).toContain('src/activities/job-attempts.ts: src/db');
  });

  it('keeps src/db free of Temporal, activities, client, dashboard, workers and workflows', () => {
    expect(
      offenders(
        'src/db/',
        (s) => temporal(s) || under('activities', 'client', 'dashboard', 'workers', 'workflows')(s),
      ),
    ).toEqual([]);
  });

  it('keeps the client and the status page off src/activities', () => {
    expect(offenders('src/client/', under('activities'))).toEqual([]);
    expect(offenders('src/dashboard/', under('activities'))).toEqual([]);
  });

  it('keeps the ingest core free of Temporal and activities', () => {
    expect(offenders('src/ingest/', (s) => temporal(s) || under('activities')(s))).toEqual([]);
  });
});
