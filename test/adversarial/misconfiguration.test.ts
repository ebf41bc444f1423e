import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { campaignInput, query, writeCampaignCsv } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';
import { workflowFailure } from './support';

const FAST = 15_000;

describe('misconfigurations fail the campaign at once, naming the field or path', () => {
  const harness = useRunningTestWorker('misconfig');

  async function startRaw(input: unknown, id = `mc-${randomUUID().slice(0, 8)}`) {
    return harness.client.workflow.start('campaign', {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: id,
      args: [input],
    });
  }

  it.each([
    [
      'pollIntervalSecond',
      'pollIntervalSeconds',
      (input: Record<string, unknown>) => ({ ...input, pollIntervalSecond: 1 }),
    ],
    [
      'orca.walltimeMinute',
      'orca.walltimeMinutes',
      (input: Record<string, unknown>) => ({
        ...input,
        orca: { ...(input.orca as object), walltimeMinute: 1 },
      }),
    ],
    [
      'scheduler.localConcurency',
      'scheduler.localConcurrency',
      (input: Record<string, unknown>) => ({
        ...input,
        scheduler: { kind: 'local', localConcurency: 4 },
      }),
    ],
  ])('a misspelt field %s is refused with the closest known name', async (field, suggestion, misspell) => {
    const startedAt = Date.now();
    const handle = await startRaw(misspell(campaignInput(writeCampaignCsv(['']))));
    const failure = await workflowFailure(handle.result());
    expect(failure.type).toBe('InvalidCampaignInput');
    expect(failure.message).toContain(`${field}: unknown field (did you mean ${suggestion}?)`);
    expect(Date.now() - startedAt).toBeLessThan(FAST);
  });

  it.each([
    ['partition', 'debug --wrap=touch /tmp/x'],
    ['account', 'x;touch /tmp/x'],
  ])('a scheduler %s that could smuggle options is refused at start', async (field, value) => {
    const input = campaignInput(writeCampaignCsv([''])) as Record<string, unknown>;
    const handle = await startRaw({ ...input, scheduler: { kind: 'slurm', [field]: value } });
    const failure = await workflowFailure(handle.result());
    expect(failure.type).toBe('InvalidCampaignInput');
    expect(failure.message).toContain(`scheduler.${field}:`);
  });

  it('no csvPath for a campaign that does not exist fails at once instead of finishing with 0 jobs', async () => {
    const campaignId = `mc-attach-${randomUUID().slice(0, 8)}`;
    const { csvPath: _none, ...attach } = campaignInput('/unused.csv');
    const handle = await startRaw(attach, campaignId);
    const failure = await workflowFailure(handle.result());
    expect(failure.type).toBe('IngestInputError');
    expect(failure.message).toContain(`campaign ${campaignId} does not exist and no csvPath was given`);
    expect(await query('SELECT id FROM campaigns WHERE id = $1', [campaignId])).toEqual([]);
  });

  it('a missing ORCA executable fails the campaign before ingest, naming orca.executable', async () => {
    const campaignId = `mc-orca-${randomUUID().slice(0, 8)}`;
    const input = campaignInput(writeCampaignCsv(['']));
    const handle = await startRaw(
      { ...input, orca: { ...input.orca, executable: '/opt/nowhere/orca' } },
      campaignId,
    );
    const failure = await workflowFailure(handle.result());
    expect(failure.type).toBe('OrcaExecutableMissing');
    expect(failure.message).toContain('orca.executable /opt/nowhere/orca does not exist on worker');
    expect(await query('SELECT id FROM campaigns WHERE id = $1', [campaignId])).toEqual([]);
  });

  it('an ORCA "executable" that is a directory or not executable is named as such', async () => {
    const input = campaignInput(writeCampaignCsv(['']));
    const dir = path.dirname(input.csvPath!);
    const directory = await startRaw({ ...input, orca: { ...input.orca, executable: dir } });
    expect((await workflowFailure(directory.result())).message).toContain(`${dir} is a directory`);
    // root may execute anything with an x bit: a file without any x bit is refused even for root
    const handle = await startRaw({ ...input, orca: { ...input.orca, executable: input.csvPath } });
    expect((await workflowFailure(handle.result())).message).toContain(`${input.csvPath} is not executable`);
  });

  it('an immutable campaign directory fails the campaign at once (EPERM), naming the directory', async () => {
    const campaignId = `mc-immutable-${randomUUID().slice(0, 8)}`;
    const dir = path.join(harness.config.dataRoot, campaignId);
    mkdirSync(dir, { recursive: true });
    execFileSync('chattr', ['+i', dir]);
    try {
      const startedAt = Date.now();
      const handle = await startRaw(campaignInput(writeCampaignCsv(['', ''])), campaignId);
      const failure = await workflowFailure(handle.result());
      expect(failure.type).toBe('CampaignDirectoryUnusable');
      expect(failure.message).toContain(`campaign directory ${dir} cannot be written`);
      expect(failure.message).toContain('EPERM');
      expect(Date.now() - startedAt).toBeLessThan(FAST);
    } finally {
      execFileSync('chattr', ['-i', dir]);
    }
  });
});
