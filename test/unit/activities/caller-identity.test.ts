import { callerIdentityFromPages, type HistoryPage } from '../../../src/activities/caller-identity-lookup';
import { pickCallerIdentity, type IdentityHistoryEvent } from '../../../src/activities/caller-identity';

const signaled = (signalName: string, identity: string): IdentityHistoryEvent => ({
  workflowExecutionSignaledEventAttributes: { signalName, identity },
});
const accepted = (updateId: string, identity: string): IdentityHistoryEvent => ({
  workflowExecutionUpdateAcceptedEventAttributes: { acceptedRequest: { meta: { updateId, identity } } },
});
const scheduled = (activityId: string): IdentityHistoryEvent => ({
  activityTaskScheduledEventAttributes: { activityId },
});
const other: IdentityHistoryEvent = {};

describe('pickCallerIdentity (events newest first)', () => {
  it('finds the update by its id, not the newest update', () => {
    const events = [accepted('u-2', 'bob'), other, accepted('u-1', 'alice')];
    expect(pickCallerIdentity(events, { via: 'update', updateId: 'u-1' })).toEqual({
      identity: 'alice',
      certain: true,
    });
    expect(pickCallerIdentity(events, { via: 'update', updateId: 'u-3' })).toEqual({
      identity: null,
      certain: false,
    });
  });

  it('reads an admitted update request too', () => {
    const admitted: IdentityHistoryEvent = {
      workflowExecutionUpdateAdmittedEventAttributes: {
        request: { meta: { updateId: 'u', identity: 'carol' } },
      },
    };
    expect(pickCallerIdentity([admitted], { via: 'update', updateId: 'u' }).identity).toBe('carol');
  });

  it('takes the newest signal of the name when it does not know the recording activity', () => {
    const events = [signaled('resume', 'carol'), signaled('pause', 'bob'), signaled('pause', 'alice')];
    expect(pickCallerIdentity(events, { via: 'signal', signalName: 'pause' })).toEqual({
      identity: 'bob',
      certain: true,
    });
  });

  it('takes the newest signal older than the recording activity, not one that came after it', () => {
    const events = [signaled('pause', 'late'), scheduled('9'), other, signaled('pause', 'alice')];
    const wanted = { via: 'signal', signalName: 'pause', activityId: '9' } as const;
    expect(pickCallerIdentity(events, wanted)).toEqual({ identity: 'alice', certain: true });
    // its scheduling not read yet: a guess that older pages may correct
    expect(pickCallerIdentity(events.slice(0, 1), wanted)).toEqual({ identity: 'late', certain: false });
    expect(pickCallerIdentity(events.slice(0, 2), wanted)).toEqual({ identity: null, certain: false });
  });

  it('names the caller of `temporal workflow cancel` for the cancel action', () => {
    const cancelRequested: IdentityHistoryEvent = {
      workflowExecutionCancelRequestedEventAttributes: { identity: 'dave' },
    };
    expect(pickCallerIdentity([cancelRequested], { via: 'signal', signalName: 'cancel' }).identity).toBe(
      'dave',
    );
    expect(pickCallerIdentity([cancelRequested], { via: 'signal', signalName: 'pause' }).identity).toBeNull();
  });

  it('reads an empty identity as none', () => {
    expect(pickCallerIdentity([signaled('pause', '')], { via: 'signal', signalName: 'pause' })).toEqual({
      identity: null,
      certain: true,
    });
  });
});

describe('callerIdentityFromPages (bounded, never throws)', () => {
  const bounds = { maxPages: 3, timeoutMs: 2_000 };
  const token = Uint8Array.of(1);

  it('reads older pages until it is certain, then stops', async () => {
    const pages: HistoryPage[] = [
      { events: [signaled('pause', 'late'), other], nextPageToken: token },
      { events: [scheduled('4'), signaled('pause', 'alice')], nextPageToken: token },
      { events: [signaled('pause', 'older')], nextPageToken: token },
    ];
    const read = jest.fn((_: Uint8Array | undefined) => Promise.resolve(pages.shift()!));
    const wanted = { via: 'signal', signalName: 'pause', activityId: '4' } as const;
    expect(await callerIdentityFromPages(read, wanted, bounds)).toBe('alice');
    expect(read).toHaveBeenCalledTimes(2);
    expect(read.mock.calls.map((call) => call[0])).toEqual([undefined, token]);
  });

  it('stops after maxPages of a history that never ends, keeping its best guess', async () => {
    const read = jest.fn(() =>
      Promise.resolve({ events: [signaled('pause', 'guess')], nextPageToken: token }),
    );
    const wanted = { via: 'signal', signalName: 'pause', activityId: 'absent' } as const;
    expect(await callerIdentityFromPages(read, wanted, bounds)).toBe('guess');
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('stops at the last page', async () => {
    const read = jest.fn(() => Promise.resolve({ events: [other], nextPageToken: new Uint8Array() }));
    expect(await callerIdentityFromPages(read, { via: 'update', updateId: 'u' }, bounds)).toBeNull();
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('gives null for a history that cannot be read', async () => {
    const read = () => Promise.reject(new Error('workflow not found'));
    expect(await callerIdentityFromPages(read, { via: 'update', updateId: 'u' }, bounds)).toBeNull();
  });

  it('gives up on a history read that never answers', async () => {
    const read = () => new Promise<HistoryPage>(() => undefined);
    const started = Date.now();
    expect(
      await callerIdentityFromPages(read, { via: 'update', updateId: 'u' }, { maxPages: 3, timeoutMs: 200 }),
    ).toBeNull();
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
