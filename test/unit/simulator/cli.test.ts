import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AMMONIA_STRETCHED, orcaInput, WATER } from './support/memory-io';
import { LINE } from './support/orca-line-formats';
import { orcasim } from './support/spawn-orcasim';

describe('orcasim command line', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'orcasim-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeInput(name: string, text: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  it('writes ORCA output to stdout, <base>.xyz and <base>.engrad next to the input, and exits 0', async () => {
    const input = writeInput('opt.inp', orcaInput({ keywords: 'OPT', atoms: AMMONIA_STRETCHED }));
    const result = await orcasim([input]);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').at(-2)).toMatch(LINE.terminatedNormally);
    expect(readFileSync(path.join(dir, 'opt.xyz'), 'utf8').split('\n')[0]).toBe('4');
    expect(readFileSync(path.join(dir, 'opt.engrad'), 'utf8')).toContain('# The current gradient in Eh/bohr');
  });

  it('exits non-zero on error termination', async () => {
    const input = writeInput(
      'err.inp',
      orcaInput({ keywords: 'SP', atoms: WATER, extra: ['# orcasim-fault: error-termination'] }),
    );
    const result = await orcasim([input]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ORCA finished by error termination in GTOInt');
  });

  it('writes progressively, sleeping ORCASIM_CYCLE_DELAY_MS between cycles', async () => {
    const input = writeInput('slow.inp', orcaInput({ keywords: 'OPT', atoms: AMMONIA_STRETCHED }));
    const result = await orcasim([input], { ORCASIM_CYCLE_DELAY_MS: '150' });
    const cycles = result.stdout.split('\n').filter((l) => LINE.optCycle.test(l)).length;
    expect(result.code).toBe(0);
    expect(result.exitMs - result.firstOutputMs).toBeGreaterThanOrEqual(150 * (cycles - 1) - 50);
  });

  it('hang: prints SCF iterations, then runs until it is killed', async () => {
    const input = writeInput(
      'hang.inp',
      orcaInput({ keywords: 'SP', atoms: WATER, extra: ['# orcasim-fault: hang'] }),
    );
    let sawIterations = false;
    const result = await orcasim([input], {}, (stdout, kill) => {
      if (!sawIterations && stdout.split('\n').filter((l) => LINE.scfIteration.test(l)).length === 3) {
        sawIterations = true;
        setTimeout(kill, 500); // still alive half a second later: it is hanging, not finishing
      }
    });
    expect(sawIterations).toBe(true);
    expect(result.signal).toBe('SIGTERM');
    expect(result.stdout).not.toContain('ORCA TERMINATED NORMALLY');
  });

  it('prints usage for a wrong command line and an error for a missing input', async () => {
    expect((await orcasim([])).code).toBe(2);
    const missing = await orcasim([path.join(dir, 'nope.inp')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the input file/);
  });
});
