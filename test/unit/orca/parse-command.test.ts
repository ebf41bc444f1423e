import { Command, CommanderError } from 'commander';
import { registerParseCommand } from '../../../src/client/commands/parse';
import { OUTPUTS, fixture } from './fixture-paths';

async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  let err = '';
  const program = new Command('orcastrate').exitOverride().configureOutput({
    writeErr: (text) => {
      err += text;
    },
    writeOut: () => undefined,
  });
  registerParseCommand(program, { out: (line) => out.push(line) });
  try {
    await program.parseAsync(['node', 'orcastrate', 'parse', ...args]);
    return { code: 0, out, err };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode === 0 ? 0 : 2, out, err };
    throw error;
  }
}

describe('orcastrate parse', () => {
  it('prints one JSON object per file with the documented fields, exit 0 whatever the status', async () => {
    const files = [
      fixture(OUTPUTS.amoOpt61),
      fixture(OUTPUTS.gtoIntError),
      fixture('oact_utils/tests/files/quacc_example/orca.engrad.gz'),
    ];
    const { code, out } = await run('--json', ...files);
    expect(code).toBe(0);
    const records = out.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({
      file: files[0],
      kind: 'output',
      orcaVersion: '6.1.0',
      status: 'completed',
      reason: 'normal-termination',
      finalEnergyEh: -670.534993289315,
      energyEvaluations: 4,
      scfCycles: 56,
      optimization: { cycles: 3, converged: true },
      maxGradientEhBohr: 0.0001282697,
      charge: 0,
      multiplicity: 8,
    });
    expect(records[0]?.mulliken).toMatchObject({ header: 'MULLIKEN ATOMIC CHARGES AND SPIN POPULATIONS' });
    expect(records[1]).toMatchObject({
      status: 'failed',
      reason: 'error-termination',
      errorModule: 'GTOInt',
    });
    expect(records[2]).toMatchObject({
      kind: 'engrad',
      finalEnergyEh: -814.120925544656,
      maxGradientEhBohr: 0.004501218123,
    });
  });

  it('prints a readable summary by default', async () => {
    const { code, out } = await run(fixture(OUTPUTS.fe2OptNotConverged));
    expect(code).toBe(0);
    expect(out[0]).toContain('status: failed (opt-not-converged)');
    expect(out[0]).toContain('optimization: 50 cycles, not converged');
    expect(out[0]).toContain('-1568.374663410 Eh (50 evaluations)');
  });

  it('shows the properties an output prints', async () => {
    const { out } = await run(fixture(OUTPUTS.sn2Ts));
    expect(out[0]).toContain('frequencies: 18 modes, 1 imaginary (-407.58 cm-1), lowest -407.58 cm-1');
    expect(out[0]).toContain(
      'thermochemistry at 298.15 K: ZPE 0.03712451, H -599.55646959, G -599.58875967 Eh',
    );
    expect(out[0]).toContain('HOMO -1.8648 eV, LUMO 7.2164 eV, gap 9.0812 eV');
    expect(out[0]).toContain('warnings: 2');
    const { out: json } = await run('--json', fixture(OUTPUTS.sn2Ts));
    const record = JSON.parse(json[0] ?? '{}') as {
      properties?: { frequencies?: { imaginaryModes: number } };
    };
    expect(record.properties?.frequencies?.imaginaryModes).toBe(1);
  });

  it('reads a Sella status file', async () => {
    const { out } = await run(fixture('oact_utils/examples/sella_water_example/job/sella_status.txt'));
    expect(out[0]).toContain('[sella-status]');
    expect(out[0]).toContain('Sella converged (status CONVERGED), 3 steps, final fmax 0.021567 eV/Å');
  });

  it('applies --stale-hours to outputs without terminal marker', async () => {
    const { out } = await run('--json', '--stale-hours', '0.0000001', fixture(OUTPUTS.truncatedScf));
    expect(JSON.parse(out[0] ?? '{}')).toMatchObject({ status: 'timeout', reason: 'stale-output' });
  });

  it.each([
    ['no file', []],
    ['a bad --stale-hours', ['--stale-hours', 'soon', fixture(OUTPUTS.amoOpt61)]],
    ['a negative --stale-hours', ['--stale-hours', '-1', fixture(OUTPUTS.amoOpt61)]],
    ['a missing file', [fixture(OUTPUTS.amoOpt61), '/nonexistent/orca.out']],
  ])('exits 2 on a usage error: %s', async (_name, args) => {
    const { code, out, err } = await run(...args);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.length).toBeGreaterThan(0);
  });

  it('names the missing file', async () => {
    const { err } = await run('/nonexistent/orca.out');
    expect(err).toContain('no such file: /nonexistent/orca.out');
  });
});
