import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../src/temporal/cli-binary';

/**
 * Job scripts rendered by the BUILT code (dist/, what workers run), not by jest's on-the-fly compile:
 * the two compilers differ, and a slip that only one of them trips on must not reach a cluster.
 */
describe('job scripts rendered by the built worker code', () => {
  const built = path.join(REPO_ROOT, 'dist/schedulers/index.js');

  it('are complete for every adapter, with the report hook and its timeout', () => {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` (npm test does)`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schedulers = require(built) as typeof import('../src/schedulers');
    const spec = {
      name: 'oc.c.j.a1',
      campaignRoot: mkdtempSync(path.join(tmpdir(), 'built-scripts-')),
      workingDir: 'c/j/attempt-1',
      cores: 2,
      memoryMb: 4000,
      walltimeSeconds: 600,
      command: ['/opt/orca/orca', 'job.inp'],
      outputFile: 'job.out',
      attempt: 1,
      report: { workflowId: 'c/j', orcastrateBin: '/opt/orcastrate/bin/orcastrate' },
    };
    const adapters = [
      new schedulers.SlurmAdapter({}),
      new schedulers.FluxAdapter({}),
      new schedulers.LocalRunner({ stateDir: '/tmp/orcastrate-built-script-test' }),
    ];
    for (const adapter of adapters) {
      const script = adapter.renderScript(spec);
      expect(script).not.toMatch(/undefined|NaN|\[object Object\]/);
      expect(script).toContain(`timeout 60 "$@"`);
      expect(script).toContain("export ORCASTRATE_REPORT_WORKFLOW_ID='c/j'");
    }
  });
});
