import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { createPool } from '../../db/pool';
import { startDashboardServer, writeStaticDashboard } from '../../dashboard/server';

export function registerDashboardCommand(program: Command): void {
  program
    .command('dashboard')
    .description(
      'status page (campaigns and active learning, charts from Postgres) on a port, or a static status.html',
    )
    .option('--port <port>', 'port to serve on', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--static <file>', 'write a self-contained page to <file> instead of serving (e.g. status.html)')
    .option('--watch', 'with --static: rewrite the file every --refresh seconds until interrupted', false)
    .option('--refresh <seconds>', 'auto-refresh interval of the page', '10')
    .option('--campaign <id>', 'campaign to show (default: the newest)')
    .option('--al <id>', 'active-learning loop to show (default: the newest)')
    .action(
      async (options: {
        port: string;
        host: string;
        static?: string;
        watch: boolean;
        refresh: string;
        campaign?: string;
        al?: string;
      }) => {
        const refreshSeconds = Number(options.refresh);
        const port = Number(options.port);
        if (!Number.isFinite(refreshSeconds) || refreshSeconds < 0) throw new Error('--refresh must be >= 0');
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0..65535');
        const pool = createPool(loadConfig().databaseUrl, 4);
        if (options.static) {
          const file = options.static;
          const write = () =>
            writeStaticDashboard({ pool, file, refreshSeconds, campaign: options.campaign, al: options.al });
          await write();
          console.log(`wrote ${file}`);
          if (!options.watch || refreshSeconds === 0) return pool.end();
          for (;;) {
            await new Promise((resolve) => setTimeout(resolve, refreshSeconds * 1000));
            await write();
          }
        }
        const dashboard = await startDashboardServer({ pool, port, host: options.host, refreshSeconds });
        console.log(`orcastrate dashboard on ${dashboard.url} (Ctrl-C to stop)`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await dashboard.close();
        await pool.end();
      },
    );
}
