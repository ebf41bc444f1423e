import { rmSync } from 'node:fs';
import { dropDatabase } from '../../src/db/migrate';
import { processIsAlive } from '../../src/schedulers/process-alive';
import { readHarnessState } from './state';
import { stopProductionRun } from './topology';

export default async function globalTeardown(): Promise<void> {
  const state = readHarnessState();
  if (state.topology === 'production') {
    await stopProductionRun(state.temporalAddress, state.temporalNamespace, state.startedStack);
  } else {
    await stopProcess(state.temporalPid);
  }
  await dropDatabase(state.databaseUrl);
  rmSync(state.tmpDir, { recursive: true, force: true });
}

async function stopProcess(pid: number): Promise<void> {
  if (!processIsAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (processIsAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (processIsAlive(pid)) process.kill(pid, 'SIGKILL');
}
