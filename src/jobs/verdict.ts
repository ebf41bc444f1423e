import type { AttemptEnd, AttemptVerdict, JobMetrics } from './types';
import type { OrcaOutputReport } from '../orca/types';
import { jobPropertiesOf } from './job-properties';

export const ORCA_INPUT_FILE = 'job.inp';
export const ORCA_OUTPUT_FILE = 'job.out';

export function metricsOf(report: OrcaOutputReport): JobMetrics {
  const m = report.metrics;
  return {
    orcaVersion: m.orcaVersion ?? undefined,
    finalEnergyEh: m.finalEnergyEh ?? undefined,
    energyEvaluations: m.energyEvaluations,
    scfCycles: m.scfCycles,
    optimizationCycles: m.optimization.cycles,
    optimizationConverged: m.optimization.converged ?? undefined,
    maxGradientEhBohr: m.maxGradientEhBohr ?? undefined,
    properties: jobPropertiesOf(m.properties),
  };
}

/** Combines how the attempt ended (report, scheduler, our walltime timer) with what its output says. */
export function verdictFor(end: AttemptEnd, report: OrcaOutputReport | undefined): AttemptVerdict {
  const exitCode = end.kind === 'reported' || end.kind === 'scheduler' ? end.exitCode : undefined;
  const metrics = report ? metricsOf(report) : undefined;
  const orca = report?.verdict;
  if (orca?.status === 'completed') return { status: 'completed', reason: 'normal-termination', metrics };
  if (orca?.status === 'failed') {
    const detail = orca.errorModule ? `${orca.detail} (module ${orca.errorModule})` : orca.detail;
    return {
      status: 'failed',
      reason: orca.reason,
      detail,
      errorModule: orca.errorModule ?? undefined,
      metrics,
    };
  }
  // No terminal marker in the output: the process ended without ORCA finishing.
  if (end.kind === 'stale-output') {
    return {
      status: 'timeout',
      reason: 'stale-output',
      detail: `output unchanged for ${end.ageMinutes} min while the job was running; cancelled`,
      metrics,
    };
  }
  if (end.kind === 'walltime-exceeded' || (end.kind === 'scheduler' && end.state === 'timeout')) {
    return {
      status: 'timeout',
      reason: 'walltime-exceeded',
      detail: 'killed at the walltime limit',
      metrics,
    };
  }
  if (end.kind === 'scheduler' && end.state === 'cancelled') {
    return { status: 'cancelled', reason: 'cancelled-in-scheduler', metrics };
  }
  if (end.kind === 'scheduler' && end.lost) {
    return {
      status: 'failed',
      reason: end.lost,
      detail: `the scheduler lost the job (${end.lost}); ORCA did not finish`,
      metrics,
    };
  }
  if (!report) {
    return {
      status: 'failed',
      reason: 'no-output',
      detail: `the job ended (exit code ${exitCode ?? 'unknown'}) without writing ${ORCA_OUTPUT_FILE}`,
    };
  }
  return {
    status: 'failed',
    reason: 'no-termination-marker',
    detail:
      `the job ended (exit code ${exitCode ?? 'unknown'}) but ORCA did not finish: ${orca?.detail ?? ''}`.trim(),
    metrics,
  };
}
