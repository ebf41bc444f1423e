import { sourceFiles, stringLiterals } from './source-files';
import { sqlStatementIn } from './sql-detector';

describe('sqlStatementIn', () => {
  it.each([
    'SELECT 1 FROM campaigns WHERE id = $1',
    'SELECT pg_advisory_lock($1)',
    'SELECT * FROM al_generations WHERE al_id = $1',
    `INSERT INTO jobs (campaign_id, job_id)\n VALUES ($1, $2)`,
    `UPDATE attempts a SET status = 'running'`,
    'UPDATE jobs SET attempts = $3 WHERE campaign_id = $1',
    'DELETE FROM ingest_errors WHERE campaign_id = $1',
    'TRUNCATE jobs',
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer)',
    'CREATE UNIQUE INDEX jobs_row ON jobs (campaign_id, row_index)',
    'ALTER TABLE jobs ADD COLUMN x text',
    'DROP DATABASE IF EXISTS ? WITH (FORCE)',
    'WITH ready AS (SELECT job_id FROM jobs) UPDATE jobs SET status = $2',
    'WITH RECURSIVE t(n) AS (VALUES (1)) SELECT n FROM t',
    'BEGIN',
    'COMMIT',
    'ROLLBACK',
    'SAVEPOINT ingest_batch',
    'RELEASE SAVEPOINT ingest_batch',
    'ROLLBACK TO SAVEPOINT ingest_probe',
    'select id from campaigns where id = $1',
    'update jobs set status = $2 where campaign_id = $1',
  ])('finds the statement in %j', (text) => {
    expect(sqlStatementIn(text)).toBeDefined();
  });

  it.each([
    '                         Program Version ?  -  RELEASE   -',
    '-----BEGIN ',
    'is not PEM (no -----BEGIN line)',
    'select a scheduler from the list',
    'Update the job set when it changes',
    'insert the CSV into a campaign first',
    'delete from the scheduler queue with `scancel`',
    'SELECTED',
    'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
    'campaign ? does not exist and no csvPath was given: WITH csvPath it ingests',
    'exec "$@"; update "$1" from the spool',
  ])('finds none in %j', (text) => {
    expect(sqlStatementIn(text)).toBeUndefined();
  });
});

describe('SQL lives in src/db only', () => {
  const files = sourceFiles();

  it('scans the source tree', () => {
    expect(files).toContain('src/db/jobs.ts');
    expect(files).toContain('src/activities/job-attempts.ts');
    expect(files.length).toBeGreaterThan(50);
  });

  it('finds the statements that src/db holds (the check sees real SQL)', () => {
    const found = stringLiterals('src/db/attempts.ts').filter((text) => sqlStatementIn(text));
    expect(found.length).toBeGreaterThanOrEqual(8);
  });

  it('finds SQL in string and template literals, not in comments', () => {
    const source = [
      '// SELECT id FROM campaigns WHERE id = $1',
      "const a = 'SELECT 1 FROM campaigns WHERE id = $1';",
      'const b = `UPDATE jobs SET status = ${status} WHERE campaign_id = $1`;',
    ].join('\n');
    expect(stringLiterals('src/x.ts', source).map(sqlStatementIn)).toEqual(['SELECT 1', 'UPDATE jobs SET']);
  });

  it('has no SQL statement in any other file under src/', () => {
    const offenders = files
      .filter((file) => !file.startsWith('src/db/'))
      .flatMap((file) =>
        stringLiterals(file).flatMap((text) => {
          const statement = sqlStatementIn(text);
          return statement ? [`${file}: ${statement}`] : [];
        }),
      );
    expect(offenders).toEqual([]);
  });
});
