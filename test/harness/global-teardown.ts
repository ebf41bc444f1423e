import { rmSync } from 'node:fs';
import { dropDatabase } from '../../src/db/migrate';
import { readHarnessState } from './state';

export default async function globalTeardown(): Promise<void> {
  const state = readHarnessState();
  await stopProcess(state.temporalPid);
  await dropDatabase(state.databaseUrl);
  rmSync(state.tmpDir, { recursive: true, force: true });
}

async function stopProcess(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
