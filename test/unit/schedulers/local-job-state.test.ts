import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readLocalJobState } from '../../../src/schedulers/local-job-state';

/** A local job's state directory with the given files (as the runner and its wrapper write them). */
function stateDir(files: Record<string, string>): string {
  const id = 'local-00000000000001-0000abcd';
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-state-')), id);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'job.json'), JSON.stringify({ id }));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const longAgo = () => `${Date.now() - 120_000}\n`;

describe('readLocalJobState for a job launched but whose wrapper never recorded its pid', () => {
  it('is still starting within the launch grace period', () => {
    const state = readLocalJobState(stateDir({ launched: `${Date.now()}\n` }));
    expect(state).toMatchObject({ phase: 'active', status: { state: 'running', raw: 'starting' } });
  });

  it('is lost after the grace period', () => {
    const state = readLocalJobState(stateDir({ launched: longAgo() }));
    expect(state).toMatchObject({ phase: 'ended', status: { state: 'failed', lost: 'lost' } });
  });

  it('is cancelled, not lost, when a cancel was requested (the wrapper died in its first instants)', () => {
    const state = readLocalJobState(stateDir({ launched: longAgo(), 'cancel-requested': '1\n' }));
    expect(state).toMatchObject({ phase: 'ended', status: { state: 'cancelled' } });
  });
});
