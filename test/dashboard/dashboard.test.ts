/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDashboardServer, writeStaticDashboard, type DashboardServer } from '../../src/dashboard/server';
import { createPool } from '../../src/db/pool';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { query } from '../campaign/support';
import { readHarnessState } from '../harness/state';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

describe('status page in a real headless browser', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  const suffix = randomUUID().slice(0, 8);
  const campaignId = `dash-${suffix}`;
  const emptyId = `dash-empty-${suffix}`;
  const alId = `dash-al-${suffix}`;
  let dashboard: DashboardServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium; scripts/setup.sh does it)`,
      );
    }
    await seed();
    dashboard = await startDashboardServer({ pool, port: 0, refreshSeconds: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await pool.end();
  });

  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
    await page.goto(url);
    await page.waitForFunction(
      () => (window as unknown as { __dashboardReady?: boolean }).__dashboardReady === true,
    );
    return { page, errors };
  }

  /** Pixels actually painted on a canvas (a chart that drew nothing has none). */
  function paintedPixels(page: Page, id: string): Promise<number> {
    return page.evaluate((canvasId) => {
      const canvas = document.getElementById(canvasId) as HTMLCanvasElement | null;
      if (!canvas) return -1;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted += 1;
      return painted;
    }, id);
  }

  it('shows a campaign and an active-learning loop with charts and the database numbers', async () => {
    const { page, errors } = await open(`${dashboard.url}?campaign=${campaignId}&al=${alId}`);
    const counts = await query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM jobs WHERE campaign_id = $1 GROUP BY 1',
      [campaignId],
    );
    for (const { status, n } of counts)
      expect(await page.textContent(`[data-testid=count-${status}]`)).toBe(n);
    expect(await page.textContent('[data-testid=count-ready]')).toBe('0');
    expect(await page.textContent('[data-testid=completion]')).toBe(
      '36 of 40 jobs finished (90.0 %), 30 completed',
    );

    for (const id of [
      'chart-status',
      'chart-failures',
      'hist-0',
      'hist-1',
      'hist-2',
      'hist-3',
      'hist-4',
      'hist-5',
      'chart-al-rmse',
      'chart-al-uncertainty',
      'chart-al-dataset',
    ])
      expect(await paintedPixels(page, id)).toBeGreaterThan(500);

    const generations = await query<{ generation: number; dataset_size: number; holdout_rmse_eh: number }>(
      'SELECT generation, dataset_size, holdout_rmse_eh FROM al_generations WHERE al_id = $1 ORDER BY generation',
      [alId],
    );
    const cells = await page.$$eval('[data-testid=al-table] tr[data-generation]', (rows) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll('td')).map((td: HTMLTableCellElement) => td.textContent),
      ),
    );
    expect(cells.map((c) => [c[0], c[4], c[5]])).toEqual(
      generations.map((g) => [
        String(g.generation),
        String(g.dataset_size),
        (1000 * g.holdout_rmse_eh).toFixed(3),
      ]),
    );
    expect(await page.textContent('[data-testid=al-dataset-size]')).toBe('48');
    // histogram bins add up to the completed jobs
    const histogramTotal = await page.evaluate(() => {
      const chart = (
        window as unknown as {
          Chart: { getChart: (id: string) => { data: { datasets: { data: number[] }[] } } };
        }
      ).Chart.getChart('hist-0');
      return chart.data.datasets[0]!.data.reduce((a, b) => a + b, 0);
    });
    expect(histogramTotal).toBe(30);
    // the properties' charts: the HOMO-LUMO gap of every completed job, the imaginary modes of the 10
    // completed jobs that ran frequencies
    const titleOf = (id: string) =>
      page.$eval(`#${id}`, (canvas) => canvas.parentElement?.querySelector('h3')?.textContent);
    expect(await titleOf('hist-3')).toBe('HOMO-LUMO gap (eV, 30 completed jobs)');
    expect(await titleOf('hist-5')).toBe('imaginary modes (modes, 10 completed jobs)');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    // The README's screenshot: refreshed on request only, so test runs leave the work tree clean.
    if (process.env.ORCASTRATE_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(path.join(REPO_ROOT, 'docs'), { recursive: true });
      await page.screenshot({ path: path.join(REPO_ROOT, 'docs/dashboard.png'), fullPage: true });
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders an empty campaign without errors', async () => {
    const { page, errors } = await open(`${dashboard.url}?campaign=${emptyId}&al=${alId}`);
    for (const status of ['ready', 'running', 'completed', 'failed'])
      expect(await page.textContent(`[data-testid=count-${status}]`)).toBe('0');
    expect(await page.textContent('[data-testid=completion]')).toBe(
      '0 of 0 jobs finished (0.0 %), 0 completed',
    );
    expect(await page.textContent('[data-testid=hist-0]')).toContain('no completed jobs yet');
    // properties nobody printed get no chart
    expect(await page.$('[data-testid=hist-3]')).toBeNull();
    expect(await paintedPixels(page, 'chart-status')).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('writes a static status.html that refreshes itself and needs no server', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-dash-')), 'status.html');
    await writeStaticDashboard({ pool, file, campaign: campaignId, al: alId, refreshSeconds: 15 });
    expect(readFileSync(file, 'utf8')).toContain('<meta http-equiv="refresh" content="15">');
    const { page, errors } = await open(`file://${file}`);
    expect(await page.textContent('[data-testid=count-completed]')).toBe('30');
    expect(await paintedPixels(page, 'chart-al-rmse')).toBeGreaterThan(500);
    expect(errors).toEqual([]);
    await page.close();
  });

  /** A campaign of 40 jobs in every state with metrics, an empty campaign, and a 3-generation loop. */
  async function seed(): Promise<void> {
    for (const id of [campaignId, emptyId])
      await pool.query(`INSERT INTO campaigns (id, settings) VALUES ($1, '{}')`, [id]);
    const statuses = [
      ...Array<string>(30).fill('completed'),
      ...Array<string>(3).fill('failed'),
      'timeout',
      ...Array<string>(2).fill('cancelled'),
      ...Array<string>(3).fill('running'),
      'submitted',
    ];
    const reasons: Record<string, string> = { failed: 'scf-not-converged', timeout: 'walltime-exceeded' };
    for (const [i, status] of statuses.entries()) {
      const done = status === 'completed';
      await pool.query(
        `INSERT INTO jobs (campaign_id, job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz,
           status, reason, final_energy_eh, max_gradient_eh_bohr, scf_cycles,
           homo_lumo_gap_ev, gibbs_free_energy_eh, imaginary_modes)
         VALUES ($1, $2, $3, '{H,O}', 3, 0, 1, 'x', $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          campaignId,
          `row-${i}`,
          i,
          status,
          i === 31 ? 'error-termination' : (reasons[status] ?? null),
          done ? -76.4 + 0.01 * Math.sin(i) : null,
          done ? 1e-4 * (1 + (i % 7)) : null,
          done ? 8 + (i % 9) : null,
          done ? 9 + 0.1 * (i % 5) : null,
          done && i < 10 ? -76.41 + 0.001 * i : null,
          done && i < 10 ? (i === 3 ? 1 : 0) : null,
        ],
      );
    }
    await pool.query(
      `INSERT INTO al_runs (id, workflow_id, settings, status, generation, phase, dataset_size, stop_reason)
      VALUES ($1, $1, '{}', 'completed', 3, 'done', 48, 'max-generations')`,
      [alId],
    );
    const rmse = [0.00676, 0.00344, 0.002];
    for (const g of [1, 2, 3]) {
      await pool.query(
        `INSERT INTO al_generations (al_id, generation, phase, label_total, labelled, label_failed, dataset_size,
           train_rmse_eh, holdout_rmse_eh, max_uncertainty_eh, mean_uncertainty_eh, samples, selected, finished_at)
         VALUES ($1, $2, 'done', $3, $3, 0, $4, $5, $6, $7, $8, 240, 16, now())`,
        [alId, g, g === 1 ? 48 : 16, 16 * g, rmse[g - 1]! / 10, rmse[g - 1], 0.18 / g, 0.03 / g],
      );
    }
  }
});
