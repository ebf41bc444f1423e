import { JOB_STATUSES } from '../campaign/statuses';
import { WARN_FROM_ATTEMPT, type LiveCampaignInfo } from './campaign-live';
import type { CampaignReport, MetricStats, StepCounts } from './campaign-report';
import { completionBar, doneCount, totalCount } from './progress';

function formatNumber(value: number | null, digits: number): string {
  if (value === null) return '-';
  return Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(digits) : value.toExponential(2);
}

function metricRow(label: string, stats: MetricStats, digits: number): string {
  const cells = [stats.mean, stats.median, stats.min, stats.max].map((v) =>
    formatNumber(v, digits).padStart(16),
  );
  return `  ${label.padEnd(24)}${String(stats.n).padStart(6)}${cells.join('')}`;
}

/** The terminal dashboard of `orcastrate status`. */
export function renderCampaignReport(report: CampaignReport): string {
  const total = totalCount(report.counts);
  const done = doneCount(report.counts);
  const lines = [
    `campaign ${report.campaignId}: ${total} jobs` +
      (report.steps ? ` = ${report.ingest.good} structures × ${report.steps.length} steps` : '') +
      ` (${report.ingest.bad} CSV rows rejected at ingest` +
      (report.ingest.duplicates ? `, ${report.ingest.duplicates} duplicate structures` : '') +
      ')',
    '',
  ];
  lines.push(`  ${'status'.padEnd(12)}${'jobs'.padStart(8)}${'share'.padStart(9)}`);
  for (const status of JOB_STATUSES) {
    const n = report.counts[status] ?? 0;
    // pipeline statuses: shown when a campaign has them
    if (n === 0 && (status === 'waiting' || status === 'blocked')) continue;
    const share = total === 0 ? 0 : (100 * n) / total;
    lines.push(`  ${status.padEnd(12)}${String(n).padStart(8)}${`${share.toFixed(1)}%`.padStart(9)}`);
  }
  lines.push('', `  done ${completionBar(done, total, 40)}  ${done}/${total}`, '');
  if (report.steps) lines.push(...stepTable(report.steps), '');
  lines.push(
    `  ${'metric (completed jobs)'.padEnd(24)}${'n'.padStart(6)}${['mean', 'median', 'min', 'max'].map((h) => h.padStart(16)).join('')}`,
  );
  lines.push(metricRow('max force (Eh/Bohr)', report.metrics.maxGradientEhBohr, 6));
  lines.push(metricRow('SCF cycles', report.metrics.scfCycles, 1));
  lines.push(metricRow('final energy (Eh)', report.metrics.finalEnergyEh, 6));
  // properties: only those the campaign's outputs printed
  const properties: [string, MetricStats, number][] = [
    ['HOMO-LUMO gap (eV)', report.metrics.homoLumoGapEv, 3],
    ['Gibbs energy (Eh)', report.metrics.gibbsFreeEnergyEh, 6],
    ['imaginary modes', report.metrics.imaginaryModes, 2],
    ['warnings', report.metrics.warningCount, 2],
  ];
  for (const [label, stats, digits] of properties)
    if (stats.n > 0) lines.push(metricRow(label, stats, digits));
  if (report.metrics.imaginaryModes.n > 0) {
    lines.push(
      `  ${report.imaginaryModeJobs} of ${report.metrics.imaginaryModes.n} frequency jobs have imaginary modes`,
    );
  }
  const reasons = Object.entries(report.failureReasons);
  if (reasons.length) {
    lines.push('', '  failures by reason:');
    for (const [reason, n] of reasons) lines.push(`    ${reason.padEnd(28)}${String(n).padStart(6)}`);
  }
  if (report.failed) {
    lines.push('', report.failed.length ? '  failed jobs:' : '  no failed jobs');
    for (const job of report.failed) {
      lines.push(
        `    ${job.jobId} (row ${job.rowIndex}) ${job.status}: ${job.reason ?? 'unknown'} after ${job.attempts} attempt(s)` +
          (job.detail ? ` — ${job.detail.slice(0, 160)}` : ''),
      );
    }
  }
  return lines.join('\n');
}

/** A pipeline's jobs per step (rows) and status (columns; those no step has are left out). */
function stepTable(steps: StepCounts[]): string[] {
  const statuses = JOB_STATUSES.filter((status) => steps.some((step) => step.counts[status] > 0));
  const width = Math.max(12, ...steps.map((step) => step.step.length + 2));
  return [
    `  ${'step'.padEnd(width)}${statuses.map((status) => status.padStart(11)).join('')}`,
    ...steps.map(
      (step) =>
        `  ${step.step.padEnd(width)}${statuses.map((status) => String(step.counts[status]).padStart(11)).join('')}`,
    ),
  ];
}

/** What Temporal says: the campaign's phase (and why it paused itself), activities still retrying. */
export function renderLiveInfo(live: LiveCampaignInfo): string {
  if (live.unavailable)
    return `  Temporal: not reachable (${live.unavailable}); phase and retry warnings unknown`;
  const lines: string[] = [];
  if (live.status) {
    lines.push(
      `  phase ${live.status.phase}: ${live.status.inFlight}/${live.status.maxInFlight} job workflows in flight`,
    );
    if (live.status.pauseReason) {
      lines.push(
        `  PAUSED BY ITSELF: ${live.status.pauseReason}`,
        `    fix the cause, then: temporal workflow signal --workflow-id ${JSON.stringify(live.campaignWorkflowId)} --name resume`,
      );
    }
  } else {
    lines.push(
      live.runningWorkflows === 0
        ? '  Temporal: no workflow of this campaign is running'
        : `  Temporal: the campaign workflow is not running, but ${live.runningWorkflows} of its job workflows are (after a terminate: orcastrate cleanup)`,
    );
  }
  if (live.warnings.length) {
    lines.push(
      '',
      `  warnings: ${live.warnings.length} activities still retrying after ${WARN_FROM_ATTEMPT - 1} attempts`,
    );
    for (const warning of live.warnings.slice(0, 20)) {
      lines.push(
        `    ${warning.workflowId}: ${warning.activity} attempt ${warning.attempt}: ${warning.lastError.slice(0, 200)}`,
      );
    }
    if (live.warnings.length > 20)
      lines.push(`    ... and ${live.warnings.length - 20} more (--json lists all)`);
  }
  return lines.join('\n');
}
