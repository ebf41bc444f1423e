import { maxcoreMbPerCore, orcaResourceBlock } from '../../../src/schedulers';
import { fluxTimeLimit, slurmTimeLimit } from '../../../src/schedulers/walltime';

describe('ORCA resources', () => {
  it('gives each core 75 % of its share of the memory, in whole MB', () => {
    expect(maxcoreMbPerCore(16_000, 4)).toBe(3000);
    expect(maxcoreMbPerCore(1000, 3)).toBe(250);
    expect(maxcoreMbPerCore(4000, 1)).toBe(3000);
  });

  it('keeps %pal and %maxcore consistent with the request', () => {
    expect(orcaResourceBlock(8, 32_000)).toBe('%pal nprocs 8 end\n%maxcore 3000\n');
  });

  it('refuses impossible requests', () => {
    expect(() => maxcoreMbPerCore(1, 4)).toThrow(/too little memory/);
    expect(() => maxcoreMbPerCore(1000, 0)).toThrow(/cores/);
  });
});

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
