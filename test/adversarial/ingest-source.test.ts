import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { parseCampaignInput } from '../../src/campaign/input';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { campaign } from '../../src/workflows';
import { campaignInput } from '../campaign/support';
import { assertBuilt } from '../harness/processes';
import { useRunningTestWorker } from '../harness/temporal';
import {
  csvRow,
  HEADER,
  newCampaignId,
  NOTHING_STORED,
  refusalStoringNothing,
  runIngestActivity,
  stored,
  WATER,
  writeCsv,
} from './ingest-support';

const scratch = mkdtempSync(path.join(tmpdir(), 'orcastrate-sources-'));

// csvPath values that are not a readable regular file: refused at once, naming the path and the problem.
describe('ingest of a csvPath that is not a readable file', () => {
  const harness = useRunningTestWorker('adv-source');
  let socketServer: Server;
  const socketPath = path.join(scratch, 'csv.sock');
  beforeAll(async () => {
    socketServer = createServer();
    await new Promise<void>((resolve) => socketServer.listen(socketPath, resolve));
  });
  afterAll(() => new Promise<void>((resolve) => socketServer.close(() => resolve())));

  async function refusal(csvPath: string): Promise<string> {
    const campaignId = newCampaignId('src');
    const settings = parseCampaignInput(campaignInput(csvPath));
    const attempt = runIngestActivity(harness.pool, campaignId, settings);
    const message = await refusalStoringNothing(harness.pool, campaignId, attempt);
    expect(message).toContain(`campaign ${campaignId}`);
    expect(message).toContain(JSON.stringify(csvPath));
    return message;
  }

  it('names a missing file', async () => {
    expect(await refusal(path.join(scratch, 'missing.csv'))).toMatch(/: it does not exist/);
  });

  it('names a directory (it was EISDIR, retried forever)', async () => {
    expect(await refusal(mkdtempSync(path.join(scratch, 'dir-')))).toMatch(
      /: it is a directory, not a regular file/,
    );
  });

  it('names a FIFO without waiting for a writer, a socket and a device', async () => {
    const fifo = path.join(scratch, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(fifo)).toMatch(/: it is a named pipe \(FIFO\), not a regular file/);
    expect(await refusal(socketPath)).toMatch(/: it is a socket or a device, not a regular file/);
    expect(await refusal('/dev/null')).toMatch(/: it is a character device, not a regular file/);
  });

  it('names a path through a file, a path with a NUL byte and a relative path', async () => {
    const file = writeCsv([HEADER, csvRow(WATER, 0, 0)]);
    expect(await refusal(path.join(file, 'x.csv'))).toMatch(/: a part of the path is not a directory/);
    expect(await refusal(`${file}\u0000.csv`)).toMatch(/: the path contains a NUL byte/);
    const relative = path.join('no-such-dir', 'x.csv');
    expect(await refusal(relative)).toContain(`(${path.resolve(relative)})`);
  });

  it('names a file the worker may not read', async () => {
    const file = writeCsv([HEADER, csvRow(WATER, 0, 0)]);
    chmodSync(file, 0o000);
    if (process.getuid?.() !== 0) {
      expect(await refusal(file)).toMatch(/: permission denied/);
      return;
    }
    // root reads through permission bits: open it with the built code as the unprivileged user nobody
    assertBuilt();
    for (const dir of [path.dirname(file), path.dirname(path.dirname(file))]) chmodSync(dir, 0o755);
    const module = path.join(REPO_ROOT, 'dist/ingest/csv-source.js');
    const script = `require(${JSON.stringify(module)}).CsvSource.open(${JSON.stringify(file)})
      .then(() => console.log('opened it'), (error) => console.log(error.message));`;
    const output = execFileSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script],
      { encoding: 'utf8' },
    );
    expect(output).toContain(JSON.stringify(file));
    expect(output).toMatch(/: permission denied/);
  });

  it('fails the campaign workflow at its first ingest attempt instead of retrying', async () => {
    const dir = mkdtempSync(path.join(scratch, 'dir-'));
    const campaignId = newCampaignId('src-wf');
    const started = Date.now();
    const error = await harness.client.workflow
      .execute(campaign, {
        taskQueue: harness.config.temporal.taskQueue,
        workflowId: campaignId,
        args: [campaignInput(dir)],
      })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    // the campaign fails with the activity's own typed failure, not "activity task failed"
    const cause = (error as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'IngestInputError', nonRetryable: true });
    expect(cause!.message).toContain(`${JSON.stringify(dir)} on host`);
    expect(cause!.message).toMatch(/it is a directory/);
    const history = await harness.client.workflow.getHandle(campaignId).fetchHistory();
    const attempts = (history.events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes ? [e] : []));
    // one attempt of each activity (the local-host pin, the prerequisites check, then the ingest): no retry
    expect(attempts.map((e) => e.activityTaskStartedEventAttributes?.attempt)).toEqual([1, 1, 1]);
    expect(await stored(harness.pool, campaignId)).toEqual(NOTHING_STORED);
  });
});
