import { CommanderError } from 'commander';
import fc from 'fast-check';
import { buildProgram } from '../../src/client/cli';
import { fuzzParameters } from './fuzz-parameters';

/** Parses `orcastrate report ...` in-process with the action replaced: only argument checking runs. */
async function parseReport(args: string[]): Promise<{ ok: boolean; message: string }> {
  const program = buildProgram();
  const report = program.commands.find((command) => command.name() === 'report')!;
  let message = '';
  for (const command of [program, report]) {
    command.configureOutput({ writeErr: (text) => (message += text), writeOut: () => undefined });
  }
  report.action(() => undefined);
  try {
    await program.parseAsync(['node', 'orcastrate', 'report', ...args]);
    return { ok: true, message };
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { ok: false, message: message || error.message };
  }
}

const isInteger = (text: string, min: number) =>
  /^-?\d+$/.test(text.trim()) && Number.isSafeInteger(Number(text)) && Number(text) >= min;

describe('orcastrate report argument checking', () => {
  it('accepts exactly the integer attempts (>= 1) and exit codes, naming the bad option otherwise', async () => {
    const number = fc.oneof(
      fc.integer().map(String),
      fc.string({ maxLength: 12 }),
      fc.constantFrom('1e3', '0x10', '1.5', '', ' 7 ', '99999999999999999999', '-0', 'NaN', '٣'),
    );
    const parameters = fuzzParameters('report: integer arguments', { seed: 200, numRuns: 200 });
    await fc.assert(
      fc.asyncProperty(number, number, async (attempt, exitCode) => {
        const { ok, message } = await parseReport([
          '--workflow-id',
          'c/row-000001',
          '--attempt',
          attempt,
          '--exit-code',
          exitCode,
        ]);
        const valid = isInteger(attempt, 1) && isInteger(exitCode, Number.MIN_SAFE_INTEGER);
        expect(ok).toBe(valid);
        if (!ok) expect(message).toMatch(isInteger(attempt, 1) ? /--exit-code/ : /--attempt/);
      }),
      parameters,
    );
  });

  it('requires every option', async () => {
    const full = ['--workflow-id', 'w', '--attempt', '1', '--exit-code', '0'];
    for (let drop = 0; drop < full.length; drop += 2) {
      const args = full.filter((_, i) => i !== drop && i !== drop + 1);
      const { ok, message } = await parseReport(args);
      expect(ok).toBe(false);
      expect(message).toContain(full[drop]);
    }
  });
});
