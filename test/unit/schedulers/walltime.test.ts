import { fluxTimeLimit, slurmTimeLimit } from '../../../src/schedulers/walltime';

describe('walltime formats', () => {
  it('rounds SLURM limits up to whole minutes', () => {
    expect(slurmTimeLimit(1)).toBe('0-00:01:00');
    expect(slurmTimeLimit(60)).toBe('0-00:01:00');
    expect(slurmTimeLimit(61)).toBe('0-00:02:00');
    expect(slurmTimeLimit(26 * 3600 + 5 * 60)).toBe('1-02:05:00');
  });

  it('gives Flux seconds', () => {
    expect(fluxTimeLimit(90)).toBe('90s');
  });
});
