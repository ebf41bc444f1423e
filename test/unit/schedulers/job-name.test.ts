import { isValidJobName, jobName } from '../../../src/schedulers';

describe('jobName', () => {
  it('is deterministic and readable for plain parts', () => {
    expect(jobName({ campaign: 'benzene-scan', job: 'conf_17', attempt: 2 })).toBe(
      'oc.benzene-scan.conf_17.a2',
    );
    expect(jobName({ campaign: 'benzene-scan', job: 'conf_17', attempt: 2 })).toBe(
      jobName({ campaign: 'benzene-scan', job: 'conf_17', attempt: 2 }),
    );
  });

  it('differs per attempt', () => {
    const first = jobName({ campaign: 'c', job: 'j', attempt: 1 });
    expect(jobName({ campaign: 'c', job: 'j', attempt: 2 })).not.toBe(first);
  });

  it.each([
    ['spaces and slashes', 'my campaign/1'],
    ['commas', 'a,b'],
    ['dots', 'a.b'],
    ['unicode', 'Fe₂O₃'],
    ['very long', 'x'.repeat(500)],
  ])('keeps names within [A-Za-z0-9._:@-] for %s', (_label, value) => {
    const name = jobName({ campaign: value, job: value, attempt: 1 });
    expect(isValidJobName(name)).toBe(true);
    expect(name.length).toBeLessThanOrEqual(200);
  });

  it('keeps inputs that only differ in forbidden characters apart', () => {
    const a = jobName({ campaign: 'a b', job: 'j', attempt: 1 });
    const b = jobName({ campaign: 'a,b', job: 'j', attempt: 1 });
    const c = jobName({ campaign: 'a-b', job: 'j', attempt: 1 });
    expect(new Set([a, b, c]).size).toBe(3);
    // "a.b" + "c" must not collide with "a" + "b.c".
    expect(jobName({ campaign: 'a.b', job: 'c', attempt: 1 })).not.toBe(
      jobName({ campaign: 'a', job: 'b.c', attempt: 1 }),
    );
  });

  it('rejects bad attempts and empty parts', () => {
    expect(() => jobName({ campaign: 'c', job: 'j', attempt: 0 })).toThrow(/attempt/);
    expect(() => jobName({ campaign: 'c', job: 'j', attempt: 1.5 })).toThrow(/attempt/);
    expect(() => jobName({ campaign: '', job: 'j', attempt: 1 })).toThrow(/empty/);
  });
});
