import { InvalidJobSpecError } from '../../../src/schedulers';
import {
  MIN_MAXCORE_MB,
  maxcoreMbPerCore,
  orcaJobEnvironment,
  orcaResourceLines,
} from '../../../src/jobs/orca-resources';

describe('ORCA resources', () => {
  it('gives each core 75 % of its share of the memory, in whole MB', () => {
    expect(maxcoreMbPerCore(16_000, 4)).toBe(3000);
    expect(maxcoreMbPerCore(1000, 3)).toBe(250);
    expect(maxcoreMbPerCore(4000, 1)).toBe(3000);
    expect(maxcoreMbPerCore(27_000, 4)).toBe(5062);
  });

  it('raises a small share to the floor instead of refusing the job', () => {
    expect(MIN_MAXCORE_MB).toBe(100);
    expect(maxcoreMbPerCore(100, 1)).toBe(100);
    expect(maxcoreMbPerCore(2000, 16)).toBe(100);
    expect(maxcoreMbPerCore(134, 1)).toBe(100);
    expect(maxcoreMbPerCore(136, 1)).toBe(102);
  });

  it('refuses requests with less than 1 MB per core, and impossible ones', () => {
    expect(() => maxcoreMbPerCore(1, 4)).toThrow(InvalidJobSpecError);
    expect(() => maxcoreMbPerCore(100, 76)).toThrow(/too little memory/);
    expect(maxcoreMbPerCore(100, 75)).toBe(100);
    expect(() => maxcoreMbPerCore(1000, 0)).toThrow(/cores/);
    expect(() => maxcoreMbPerCore(1000, 1.5)).toThrow(/cores/);
    expect(() => maxcoreMbPerCore(0, 1)).toThrow(/memoryMb/);
  });

  it('writes %pal only for parallel runs, and the same %maxcore the job environment reports', () => {
    expect(orcaResourceLines(8, 32_000)).toEqual(['%pal nprocs 8 end', '%maxcore 3000']);
    expect(orcaResourceLines(1, 4000)).toEqual(['%maxcore 3000']);
    expect(orcaResourceLines(16, 2000)).toEqual(['%pal nprocs 16 end', '%maxcore 100']);
    expect(orcaJobEnvironment(2000, 16)).toEqual({ ORCASTRATE_MAXCORE_MB: '100' });
    expect(orcaJobEnvironment(8000, 4)).toEqual({ ORCASTRATE_MAXCORE_MB: '1500' });
    expect(() => orcaJobEnvironment(1, 4)).toThrow(InvalidJobSpecError);
  });
});
