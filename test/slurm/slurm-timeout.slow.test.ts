import { rmSync } from 'node:fs';
import { SlurmAdapter } from '../../src/schedulers';
import {
  assertLocalSlurmRunning,
  hasEnded,
  newCampaign,
  shellJob,
  waitForState,
} from './helpers/local-slurm';

// Slow on purpose (~65-90 s): SLURM's smallest limit is one minute and it checks limits every ~30 s.
describe('SlurmAdapter walltime on the local SLURM (slow)', () => {
  const { root, token } = newCampaign('timeout');
  const slurm = new SlurmAdapter();

  beforeAll(() => assertLocalSlurmRunning());
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports a job that exceeds --time as timeout', async () => {
    const spec = shellJob(root, token, 'overrun', 'sleep 300', { walltimeSeconds: 60 });
    const { schedulerId } = await slurm.submit(spec);
    const ref = { schedulerId, name: spec.name };
    try {
      const status = await waitForState(slurm, ref, hasEnded, 170_000);
      expect(status.state).toBe('timeout');
      expect(status.exitCode).toBeUndefined();
    } finally {
      await slurm.cancel(ref);
    }
  }, 200_000);
});
