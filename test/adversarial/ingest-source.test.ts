import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { parseCampaignInput } from '../../src/campaign/input';
import { campaign } from '../../src/workflows';
import { campaignInput } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';
import {
  csvRow,
  HEADER,
  ingestInputErrorOf,
  newCampaignId,
  NOTHING_STORED,
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
    const message = await ingestInputErrorOf(runIngestActivity(harness.pool, campaignId, settings));
    expect(message).toContain(`campaign ${campaignId}`);
    expect(message).toContain(JSON.stringify(csvPath));
    expect(await stored(harness.pool, campaignId)).toEqual(NOTHING_STORED);
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

  const asRoot = process.getuid?.() === 0;
  (asRoot ? it.skip : it)(
    'names a file the worker may not read (skipped as root: root reads anything)',
    async () => {
      const file = writeCsv([HEADER, csvRow(WATER, 0, 0)]);
      chmodSync(file, 0o000);
      expect(await refusal(file)).toMatch(/: permission denied/);
    },
  );

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
    const activity = (error as WorkflowFailedError).cause;
    expect(activity).toBeInstanceOf(ActivityFailure);
    const cause = (activity as ActivityFailure).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'IngestInputError', nonRetryable: true });
    expect(cause!.message).toContain(`${JSON.stringify(dir)} on host`);
    expect(cause!.message).toMatch(/it is a directory/);
    const history = await harness.client.workflow.getHandle(campaignId).fetchHistory();
    const attempts = (history.events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes ? [e] : []));
    expect(attempts.map((e) => e.activityTaskStartedEventAttributes?.attempt)).toEqual([1]);
    expect(await stored(harness.pool, campaignId)).toEqual(NOTHING_STORED);
  });
});
