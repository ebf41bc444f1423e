import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config';
import { createPool } from '../../db/pool';
import { redactSecrets } from '../../redact';
import { loadLiveCampaignInfo, type LiveCampaignInfo } from '../campaign-live';
import { campaignExists, loadCampaignReport } from '../campaign-report';
import { renderCampaignReport, renderLiveInfo } from '../status-view';
import { connectClient } from '../../temporal/connection';

const TEMPORAL_TIMEOUT_MS = 15_000;

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description(
      'campaign dashboard: counts, completion bar, metrics, failures (Postgres); phase and retry warnings (Temporal)',
    )
    .argument('<campaign>', 'campaign id')
    .option('--failed', 'list failed and timed-out jobs with their reasons', false)
    .option('--json', 'print the report as JSON', false)
    .action(async (campaign: string, options: { failed: boolean; json: boolean }) => {
      const config = loadConfig();
      const pool = createPool(config.databaseUrl, 2);
      try {
        const [exists, live] = await Promise.all([
          campaignExists(pool, campaign),
          liveInfo(config, campaign),
        ]);
        if (!exists && live.runningWorkflows === 0) {
          // an unreachable Temporal is not "no running workflow": say why it could not be asked
          console.error(
            `no campaign ${JSON.stringify(campaign)} in the database` +
              (live.unavailable
                ? `, and Temporal could not be asked for its workflows: ${live.unavailable}`
                : ' and no running workflow for it'),
          );
          process.exitCode = 1;
          return;
        }
        const report = exists ? await loadCampaignReport(pool, campaign, options.failed) : undefined;
        if (options.json) {
          console.log(JSON.stringify({ ...(report ?? { campaignId: campaign }), live }, null, 2));
          return;
        }
        const parts = [
          report ? renderCampaignReport(report) : `campaign ${campaign}: nothing in Postgres yet`,
        ];
        parts.push(renderLiveInfo(live));
        console.log(parts.join('\n\n'));
      } finally {
        await pool.end();
      }
    });
}

async function liveInfo(config: Config, campaignId: string): Promise<LiveCampaignInfo> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${TEMPORAL_TIMEOUT_MS / 1000} s`)),
      TEMPORAL_TIMEOUT_MS,
    );
  });
  let client: Awaited<ReturnType<typeof connectClient>> | undefined;
  try {
    return await Promise.race([
      (async () => {
        client = await connectClient(config);
        return loadLiveCampaignInfo(client, campaignId);
      })(),
      timeout,
    ]);
  } catch (error) {
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    return {
      runningWorkflows: 0,
      warnings: [],
      unavailable: `Temporal at ${config.temporal.address}: ${message}`,
    };
  } finally {
    clearTimeout(timer);
    await client?.connection.close().catch(() => undefined);
  }
}
