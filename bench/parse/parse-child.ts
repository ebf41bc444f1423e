// Parses one file and reports time and peak RSS as JSON on stdout. Run in its own process so that
// maxRSS is the parser's alone.
import { parseFile } from '../../src/orca';

export interface ChildReport {
  seconds: number;
  /** User + system CPU of the whole process (the thread pool reading ahead included). */
  cpuSeconds: number;
  maxRssKb: number;
  status: string | null;
  energyEvaluations: number | null;
  scfCycles: number | null;
  optimizationCycles: number | null;
}

async function main(file: string): Promise<void> {
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const result = await parseFile(file);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const metrics = result.kind === 'output' ? result.metrics : null;
  const report: ChildReport = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssKb: process.resourceUsage().maxRSS,
    status: result.verdict?.status ?? null,
    energyEvaluations: metrics?.energyEvaluations ?? null,
    scfCycles: metrics?.scfCycles ?? null,
    optimizationCycles: metrics?.optimization.cycles ?? null,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main(process.argv[2] ?? '').catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
