import {
  compactArguments,
  historyLine,
  renderOperatorHistory,
} from '../../../src/client/operator-history-view';
import type { StoredOperatorAction } from '../../../src/db';

function stored(extra: Partial<StoredOperatorAction> = {}): StoredOperatorAction {
  return {
    campaignId: 'c1',
    action: 'resetFailed',
    arguments: { includeTimeouts: true },
    argumentsCutFromBytes: null,
    accepted: true,
    refusedBecause: null,
    jobsAffected: 3,
    identity: 'bob@login1',
    via: 'update',
    workflowId: 'c1',
    runId: 'r',
    updateId: 'u',
    activityId: '5',
    requestedAt: new Date('2030-01-02T03:04:05.678Z'),
    createdAt: new Date('2030-01-02T03:04:06Z'),
    ...extra,
  };
}

describe('the history view', () => {
  it('shows time, action, via, outcome, jobs, identity and arguments on one line', () => {
    expect(historyLine(stored())).toBe(
      '2030-01-02 03:04:05Z  resetFailed     update  accepted  jobs: 3  by: bob@login1  args: {"includeTimeouts":true}',
    );
    expect(
      historyLine(
        stored({
          action: 'pause',
          via: 'signal',
          accepted: false,
          refusedBecause: 'campaign is closed',
          jobsAffected: null,
          identity: null,
          arguments: null,
        }),
      ),
    ).toBe(
      '2030-01-02 03:04:05Z  pause           signal  refused: campaign is closed  jobs: -  by: unknown  args: -',
    );
  });

  it('shortens long strings, long arrays, many keys and deep nesting', () => {
    const jobIds = Array.from({ length: 25 }, (_, i) => `j${i}`);
    expect(compactArguments({ jobIds })).toBe(
      `{"jobIds":[${jobIds
        .slice(0, 10)
        .map((id) => `"${id}"`)
        .join(',')},"… 15 more"]}`,
    );
    expect(compactArguments({ note: 'n'.repeat(100) })).toBe(`{"note":"${'n'.repeat(59)}…"}`);
    expect(compactArguments({ a: { b: { c: { d: { e: 1 } } } } })).toBe('{"a":{"b":{"c":{"d":"…"}}}}');
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    expect(compactArguments(many)).toContain('"…":"10 more keys"');
    const wide = compactArguments(
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key${i}`, 'v'.repeat(50)])),
    );
    expect(wide).toHaveLength(240);
    expect(wide.endsWith('…')).toBe(true);
  });

  it('says when arguments were cut at storage', () => {
    const line = historyLine(stored({ arguments: '{"jobIds":["a","b"', argumentsCutFromBytes: 1_234_567 }));
    expect(line).toContain('args: (cut from 1234567 bytes) {"jobIds":["a","b"');
  });

  it('keeps caller-chosen text from breaking the line or driving the terminal', () => {
    const line = historyLine(
      stored({
        identity: 'evil\n2030-01-01 fake line\u001b[2J',
        refusedBecause: 'x\u009b31m',
        accepted: false,
      }),
    );
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('by: evil\\u000a2030-01-01 fake line\\u001b[2J');
    expect(line).toContain('refused: x\\u009b31m');
    expect([...line].filter((c) => c < ' ' || c === '\u009b')).toEqual([]);
  });

  it('heads the list, says when older actions are left out, and when there are none', () => {
    expect(renderOperatorHistory('c1', { total: 0, actions: [] })).toBe(
      'campaign c1: no operator actions recorded',
    );
    expect(renderOperatorHistory('c1', { total: 1, actions: [stored()] }).split('\n')[0]).toBe(
      'campaign c1: 1 operator action',
    );
    expect(renderOperatorHistory('c1', { total: 7, actions: [stored(), stored()] }).split('\n')[0]).toBe(
      'campaign c1: the last 2 of 7 operator actions (more with --limit)',
    );
  });
});
