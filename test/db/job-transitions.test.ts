import {
  insertJobs,
  jobIdForRow,
  moveJobs,
  recordJobOutcome,
  resetFailedJobs,
  setJobAttempts,
  statusCounts,
  upsertCampaign,
} from '../../src/db';
import { createPool } from '../../src/db/pool';
import { TransitionFeed } from '../../src/client/transition-feed';
import { newCampaignId, waterJob } from '../adversarial/ingest-support';
import { readHarnessState } from '../harness/state';

const job = (rowIndex: number) => waterJob(rowIndex);

const [A, B, C] = [0, 1, 2].map(jobIdForRow) as [string, string, string];
const steps = (transitions: { jobId: string; from: string; to: string }[]) =>
  transitions.map((t) => `${t.jobId}:${t.from}>${t.to}`);

describe('the job transition feed behind `orcastrate watch`', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());

  async function campaignOfThree(): Promise<string> {
    const campaignId = newCampaignId('feed');
    await upsertCampaign(pool, campaignId, {});
    await insertJobs(pool, campaignId, [job(0), job(1), job(2)]);
    return campaignId;
  }

  it('delivers every transition once, also several in one transaction with the same updated_at', async () => {
    const campaignId = await campaignOfThree();
    const { feed, counts } = await TransitionFeed.open(pool, campaignId);
    expect(counts).toMatchObject({ ready: 3, submitted: 0 });

    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await moveJobs(client, campaignId, [A, B, C], 'submitted', ['ready']);
      await moveJobs(client, campaignId, [A], 'running', ['submitted']);
      await setJobAttempts(client, campaignId, B, 1); // not a status change: no transition
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const { transitions, counts: after } = await feed.next(true);
    expect([...steps(transitions)].sort()).toEqual(
      [
        `${A}:ready>submitted`,
        `${A}:submitted>running`,
        `${B}:ready>submitted`,
        `${C}:ready>submitted`,
      ].sort(),
    );
    // one job's steps come in the order they happened, though all share one timestamp
    expect(steps(transitions.filter((t) => t.jobId === A))).toEqual([
      `${A}:ready>submitted`,
      `${A}:submitted>running`,
    ]);
    expect(new Set(transitions.map((t) => t.at.getTime())).size).toBe(1);
    expect(after).toEqual(await statusCounts(pool, campaignId));
    expect((await feed.next()).transitions).toEqual([]);
  });

  it('does not miss a transaction that commits after a later one was read', async () => {
    const campaignId = await campaignOfThree();
    const { feed } = await TransitionFeed.open(pool, campaignId);
    const early = await pool.connect();
    try {
      await early.query('BEGIN');
      await moveJobs(early, campaignId, [A], 'submitted', ['ready']);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await moveJobs(pool, campaignId, [B], 'submitted', ['ready']);

      expect(steps((await feed.next()).transitions)).toEqual([`${B}:ready>submitted`]);
      await early.query('COMMIT');
    } finally {
      early.release();
    }
    const late = (await feed.next()).transitions;
    expect(steps(late)).toEqual([`${A}:ready>submitted`]);
    expect((await feed.next()).transitions).toEqual([]);

    // Why neither an id nor a time cursor would do: the late row has the smaller id and the earlier time.
    const { rows } = await pool.query<{ job_id: string; id: string; at: Date }>(
      'SELECT job_id, id::text AS id, at FROM job_transitions WHERE campaign_id = $1 ORDER BY job_id',
      [campaignId],
    );
    const [rowA, rowB] = rows as [(typeof rows)[0], (typeof rows)[0]];
    expect(BigInt(rowA.id)).toBeLessThan(BigInt(rowB.id));
    expect(rowA.at.getTime()).toBeLessThan(rowB.at.getTime());
  });

  it('keeps every step of a job that changed several times between two reads, and only new ones', async () => {
    const campaignId = await campaignOfThree();
    await moveJobs(pool, campaignId, [A], 'submitted', ['ready']); // before the feed opens: not delivered
    const { feed, counts } = await TransitionFeed.open(pool, campaignId);
    expect(counts).toMatchObject({ ready: 2, submitted: 1 });

    await moveJobs(pool, campaignId, [A], 'running', ['submitted']);
    await recordJobOutcome(pool, { campaignId, jobId: A, status: 'failed', reason: 'scf', attempts: 1 });
    await resetFailedJobs(pool, campaignId, {});
    const { transitions } = await feed.next();
    expect(steps(transitions)).toEqual([
      `${A}:submitted>running`,
      `${A}:running>failed`,
      `${A}:failed>ready`,
    ]);
    expect(transitions.map((t) => [t.rowIndex, t.attempts, t.reason])).toEqual([
      [0, 0, null],
      [0, 1, 'scf'],
      [0, 1, null],
    ]);
    expect((await feed.next()).transitions).toEqual([]);
  });
});
