import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { loadDashboardData } from './data';
import { renderPage } from './page';

/** The Chart.js UMD build shipped in node_modules (no CDN: the page works offline). */
export const CHART_JS_PATH = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');

export interface DashboardServer {
  server: Server;
  url: string;
  close: () => Promise<void>;
}

/** Serves the page, its JSON API (`/api/dashboard?campaign=&al=`) and Chart.js. */
export async function startDashboardServer(options: {
  pool: Pool;
  port: number;
  host?: string;
  refreshSeconds?: number;
}): Promise<DashboardServer> {
  const chartJs = await readFile(CHART_JS_PATH);
  const page = renderPage({ refreshSeconds: options.refreshSeconds ?? 10 });
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (request.method !== 'GET') return send(405, 'text/plain', 'GET only');
    if (url.pathname === '/' || url.pathname === '/index.html')
      return send(200, 'text/html; charset=utf-8', page);
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (url.pathname === '/vendor/chart.umd.min.js') return send(200, 'text/javascript', chartJs);
    if (url.pathname === '/api/dashboard') {
      loadDashboardData(options.pool, {
        campaign: url.searchParams.get('campaign') ?? undefined,
        al: url.searchParams.get('al') ?? undefined,
      }).then(
        (data) => send(200, 'application/json', JSON.stringify(data)),
        (error: unknown) =>
          send(500, 'application/json', JSON.stringify({ error: (error as Error).message })),
      );
      return;
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A self-contained status.html (data and Chart.js inlined) that reloads itself every `refreshSeconds`. */
export async function writeStaticDashboard(options: {
  pool: Pool;
  file: string;
  campaign?: string;
  al?: string;
  refreshSeconds: number;
}): Promise<void> {
  const data = await loadDashboardData(options.pool, { campaign: options.campaign, al: options.al });
  const inlineChartJs = await readFile(CHART_JS_PATH, 'utf8');
  await writeFile(options.file, renderPage({ refreshSeconds: options.refreshSeconds, inlineChartJs, data }));
}
