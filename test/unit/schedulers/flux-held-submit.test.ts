import { decideHeld, parseNamedJobs } from '../../../src/schedulers/flux-held-submit';

describe('which Flux job of a name a submission keeps (jobs enter held, one is released)', () => {
  const held = (id: string) => ({ id, urgency: 0, state: 'SCHED' });

  it('reads flux jobs lines of that exact name, oldest first', () => {
    const stdout = ['30|oc.c.j.a1|0|SCHED', '10|oc.c.j.a1|16|INACTIVE', '20|oc.c.j.a10|16|RUN', 'junk'].join(
      '\n',
    );
    expect(parseNamedJobs(stdout, 'oc.c.j.a1')).toEqual([
      { id: '10', urgency: 16, state: 'INACTIVE' },
      { id: '30', urgency: 0, state: 'SCHED' },
    ]);
  });

  it('a lone submission: release it', () => {
    expect(decideHeld([held('10')], '10')).toEqual({ keep: '10', release: true, cancel: [] });
    // not listed yet: the id flux batch printed still counts
    expect(decideHeld([], '10')).toEqual({ keep: '10', release: true, cancel: [] });
  });

  it('an earlier submission landed late: keep the oldest, cancel the newer held one', () => {
    expect(decideHeld([held('10'), held('20')], '20')).toEqual({ keep: '10', release: true, cancel: ['20'] });
  });

  it('one already released (maybe running) wins and is never touched; held ones go', () => {
    const running = { id: '20', urgency: 16, state: 'RUN' };
    expect(decideHeld([held('10'), running, held('30')], '30')).toEqual({
      keep: '20',
      release: false,
      cancel: ['10', '30'],
    });
  });

  it('a name whose jobs were all cancelled while held: the newest says how it ended', () => {
    const dead = (id: string) => ({ id, urgency: 0, state: 'INACTIVE' });
    expect(decideHeld([dead('10'), dead('20')])).toEqual({ keep: '20', release: false, cancel: [] });
    expect(decideHeld([])).toBeUndefined();
  });
});
