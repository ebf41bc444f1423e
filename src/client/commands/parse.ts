import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEFAULT_STALE_HOURS, parseFile, toSummaryRecord, type ParsedFile } from '../../orca';
import { describeProperties } from './parse-properties';

interface ParseOptions {
  json?: boolean;
  staleHours: string;
}

export interface ParseOutput {
  out: (line: string) => void;
}

/**
 * `orcastrate parse FILE... [--json] [--stale-hours H]`. Exit 0 once every file was parsed, whatever
 * its status; usage errors exit 2: no file, a bad --stale-hours, or a file that does not exist
 * (nothing is parsed then, so a typo in one path cannot go unnoticed in a long listing).
 */
export function registerParseCommand(
  program: Command,
  io: ParseOutput = { out: (line) => console.log(line) },
): void {
  program
    .command('parse')
    .description(
      'parse ORCA outputs, .engrad files and Sella logs (plain or .gz): termination verdict and metrics',
    )
    .argument('<files...>', 'files to parse')
    .option('--json', 'print one JSON object per line instead of a readable summary')
    .option(
      '--stale-hours <hours>',
      'age after which an output with no terminal marker is a timeout',
      String(DEFAULT_STALE_HOURS),
    )
    .action(async (files: string[], options: ParseOptions, command: Command) => {
      const staleHours = Number(options.staleHours);
      if (!/^\s*\d*\.?\d+\s*$/.test(options.staleHours) || !(staleHours > 0)) {
        command.error(
          `error: --stale-hours must be a positive number of hours, got "${options.staleHours}"`,
          {
            exitCode: 2,
            code: 'orcastrate.usage',
          },
        );
      }
      const missing = await missingFiles(files);
      if (missing.length > 0) {
        command.error(`error: no such file: ${missing.join(', ')}`, {
          exitCode: 2,
          code: 'orcastrate.usage',
        });
      }
      const now = Date.now();
      for (const file of files) {
        const parsed = await parseFile(file, { staleHours, now });
        io.out(options.json ? JSON.stringify(toSummaryRecord(parsed)) : describe(parsed));
      }
    });
}

async function missingFiles(files: string[]): Promise<string[]> {
  const exists = await Promise.all(
    files.map((file) =>
      stat(file).then(
        () => true,
        () => false,
      ),
    ),
  );
  return files.filter((_, i) => !exists[i]);
}

function formatNumber(value: number | null, digits = 6): string {
  return value === null
    ? '—'
    : Math.abs(value) < 1e-3 && value !== 0
      ? value.toExponential(3)
      : value.toFixed(digits);
}

/** Readable multi-line summary of one parsed file. */
export function describe(parsed: ParsedFile): string {
  const lines = [`${parsed.file} [${parsed.kind}]`];
  if (parsed.verdict) {
    const module = parsed.verdict.errorModule ? ` in ${parsed.verdict.errorModule}` : '';
    lines.push(
      `  status: ${parsed.verdict.status} (${parsed.verdict.reason}${module}) — ${parsed.verdict.detail}`,
    );
  }
  switch (parsed.kind) {
    case 'output': {
      const m = parsed.metrics;
      lines.push(
        `  ORCA ${m.orcaVersion ?? '?'}; charge ${m.charge ?? '?'}, multiplicity ${m.multiplicity ?? '?'}`,
      );
      lines.push(
        `  final energy ${formatNumber(m.finalEnergyEh, 9)} Eh (${m.energyEvaluations} evaluations); SCF cycles ${m.scfCycles}`,
      );
      if (m.optimization.ran) {
        const state = m.optimization.converged ? 'converged' : 'not converged';
        lines.push(`  optimization: ${m.optimization.cycles} cycles, ${state}`);
      }
      if (m.maxGradientEhBohr !== null) {
        lines.push(`  max gradient ${formatNumber(m.maxGradientEhBohr)} Eh/Bohr (${m.maxGradientSource})`);
      }
      if (m.mulliken) {
        const spin = m.mulliken.spinSum === null ? '' : `, spin sum ${m.mulliken.spinSum.toFixed(4)}`;
        lines.push(
          `  Mulliken: ${m.mulliken.atoms.length} atoms, charge sum ${m.mulliken.chargeSum?.toFixed(4) ?? '?'}${spin}`,
        );
      }
      lines.push(...describeProperties(m.properties));
      break;
    }
    case 'engrad':
      if (parsed.engrad) {
        const e = parsed.engrad;
        lines.push(`  ${e.atomCount} atoms, energy ${e.energyEh.toFixed(9)} Eh`);
        lines.push(
          `  gradient max |component| ${formatNumber(e.maxAbsComponentEhBohr)}, max atom norm ${formatNumber(e.maxAtomNormEhBohr)}, RMS ${formatNumber(e.rmsEhBohr)} Eh/Bohr`,
        );
      }
      break;
    case 'sella':
      if (parsed.sella) {
        const s = parsed.sella;
        lines.push(`  ${s.stepRows} steps in ${s.runs} run(s), last step ${s.lastStep}`);
        lines.push(
          `  last energy ${s.lastEnergyEv} eV (${s.lastEnergyEh.toFixed(9)} Eh), fmax ${s.lastFmaxEvPerAngstrom} eV/Å (${formatNumber(s.lastFmaxEhBohr)} Eh/Bohr)`,
        );
      }
      break;
    case 'sella-status':
      if (parsed.sellaStatus) {
        const s = parsed.sellaStatus;
        lines.push(
          `  Sella ${s.converged ? 'converged' : 'not converged'} (status ${s.status}), ${s.steps ?? '?'} steps, final fmax ${s.finalFmaxEvPerAngstrom ?? '?'} eV/Å`,
        );
      }
      break;
    case 'other':
      lines.push(
        `  not an ORCA output, engrad or Sella log (${parsed.lineCount} lines, first: "${parsed.firstLine}")`,
      );
      break;
  }
  return lines.join('\n');
}
