/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Pool } from 'pg';
import { createPool } from '../../src/db/pool';
import { freePort, startDevServer, type RunningDevServer } from '../../src/dev-server';
import { findTemporalCli, REPO_ROOT } from '../../src/temporal/cli-binary';
import { campaign } from '../../src/workflows';
import { campaignInput, writeCampaignCsv } from '../campaign/support';
import { readHarnessState } from '../harness/state';
import { createTestWorker, testConfig, uniqueTaskQueue, type TestWorker } from '../harness/temporal';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

/**
 * The Temporal Web UI itself (served by the dev server, `--ui-port`) on a campaign whose second job
 * ends in a GTOInt error termination: the list filtered by the campaign and the failed job's page,
 * screenshots in test-artifacts/.
 */
describe('job outcomes in the real Temporal Web UI, in headless Chromium', () => {
  const campaignId = `ui-${randomUUID().slice(0, 8)}`;
  const failedJobId = `${campaignId}/row-000001`;
  let server: RunningDevServer;
  let uiUrl: string;
  let pool: Pool;
  let worker: TestWorker;
  let running: Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
    mkdirSync(ARTIFACTS, { recursive: true });
    const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-webui-'));
    const uiPort = await freePort();
    server = await startDevServer({
      cli: findTemporalCli()!,
      port: await freePort(),
      uiPort,
      dbFile: path.join(dir, 'temporal.sqlite'),
      logFile: path.join(dir, 'temporal.log'),
    });
    uiUrl = `http://127.0.0.1:${uiPort}`;
    pool = createPool(readHarnessState().databaseUrl);
    const config = testConfig(uniqueTaskQueue('webui'), { TEMPORAL_ADDRESS: server.address });
    worker = await createTestWorker(pool, config);
    running = worker.worker.run();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    worker?.worker.shutdown();
    await running;
    await worker?.close();
    await pool?.end();
    if (server) {
      const exited = new Promise((resolve) => server.process.once('exit', resolve));
      server.process.kill('SIGTERM');
      await exited;
    }
  });

  async function open(url: string, waitForText: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    await page.goto(url);
    await page.getByText(waitForText, { exact: false }).first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    return page;
  }

  /** The text of every iframe of the page, once one of them shows `text` (the UI renders them late). */
  async function framesShowing(page: Page, text: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const frames = page.frames().filter((frame) => frame !== page.mainFrame());
      const texts = await Promise.all(
        frames.map((frame) =>
          frame
            .locator('body')
            .innerText()
            .catch(() => ''),
        ),
      );
      const all = texts.join('\n');
      if (all.includes(text)) return all;
      if (Date.now() > deadline) throw new Error(`no frame shows "${text}"; frames show:\n${all}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('lists the campaign with its Failed job, and the job page shows Failed and OrcaErrorTermination', async () => {
    const handle = await worker.client.workflow.start(campaign, {
      taskQueue: worker.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [
        campaignInput(writeCampaignCsv(['', 'error-termination', '']), {
          recovery: { strategy: 'adaptive', maxAttempts: 2 },
          closeAfterHours: 0,
        }),
      ],
    });
    expect((await handle.result()).counts).toMatchObject({ completed: 2, failed: 1 });

    const query = encodeURIComponent(`OrcastrateCampaign="${campaignId}"`);
    const list = await open(`${uiUrl}/namespaces/default/workflows?query=${query}`, failedJobId);
    const listText = await list.locator('body').innerText();
    for (const row of ['row-000000', 'row-000001', 'row-000002'])
      expect(listText).toContain(`${campaignId}/${row}`);
    expect(listText).toMatch(/Failed/);
    expect(listText).toMatch(/Completed/);
    await list.screenshot({ path: path.join(ARTIFACTS, 'temporal-ui-campaign-list.png'), fullPage: true });

    const failedOnly = encodeURIComponent(
      `OrcastrateCampaign="${campaignId}" AND OrcastrateJobStatus="failed"`,
    );
    const failedList = await open(`${uiUrl}/namespaces/default/workflows?query=${failedOnly}`, failedJobId);
    const failedListText = await failedList.locator('body').innerText();
    expect(failedListText).not.toContain(`${campaignId}/row-000000`);
    expect(failedListText).not.toContain(`${campaignId}/row-000002`);
    await failedList.screenshot({ path: path.join(ARTIFACTS, 'temporal-ui-failed-jobs-list.png') });

    const { runId } = await worker.client.workflow.getHandle(failedJobId).describe();
    const jobPage = await open(
      `${uiUrl}/namespaces/default/workflows/${encodeURIComponent(failedJobId)}/${runId}/history`,
      'OrcaErrorTermination',
    );
    const jobText = await jobPage.locator('body').innerText();
    expect(jobText).toContain('Failed');
    expect(jobText).toContain('OrcaErrorTermination');
    expect(jobText).toContain('ORCA module GTOInt');
    await jobPage.screenshot({ path: path.join(ARTIFACTS, 'temporal-ui-failed-job.png'), fullPage: true });

    // Summary, details and current details are rendered (Markdown) in iframes of their own.
    await jobPage.getByText('User Metadata', { exact: true }).first().click();
    const rendered = await framesShowing(
      jobPage,
      'row-000001 · failed: error-termination (GTOInt) · 1 attempt',
    );
    expect(rendered).toContain(`row-000001 · campaign ${campaignId}`);
    expect(rendered).toContain(`ORCA job row-000001 of campaign ${campaignId}`);
    await jobPage.screenshot({ path: path.join(ARTIFACTS, 'temporal-ui-failed-job-metadata.png') });
  });
});
