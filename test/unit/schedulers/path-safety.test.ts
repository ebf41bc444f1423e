import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { InvalidJobSpecError, ensureJobDir, resolveJobDir } from '../../../src/schedulers';

describe('resolveJobDir', () => {
  let base: string;
  let root: string;

  beforeEach(() => {
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-paths-')));
    root = path.join(base, 'campaign');
    mkdirSync(path.join(root, 'jobs', 'existing'), { recursive: true });
    mkdirSync(path.join(base, 'outside'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('resolves existing and not-yet-existing directories inside the root', () => {
    expect(resolveJobDir(root, 'jobs/existing')).toBe(path.join(root, 'jobs', 'existing'));
    expect(resolveJobDir(root, 'jobs/new/deeper')).toBe(path.join(root, 'jobs', 'new', 'deeper'));
    expect(resolveJobDir(root, 'jobs/../jobs/x')).toBe(path.join(root, 'jobs', 'x'));
  });

  it.each(['../outside', 'jobs/../../outside', '..', '.', 'jobs/..', '/etc', ''])(
    'refuses %j',
    (relative) => {
      expect(() => resolveJobDir(root, relative)).toThrow(InvalidJobSpecError);
    },
  );

  it('refuses a symlink that leads out of the root, also below a missing part', () => {
    symlinkSync(path.join(base, 'outside'), path.join(root, 'jobs', 'link'));
    expect(() => resolveJobDir(root, 'jobs/link')).toThrow(/outside the campaign root/);
    expect(() => resolveJobDir(root, 'jobs/link/new/job')).toThrow(/outside the campaign root/);
    expect(() => ensureJobDir(root, 'jobs/link/new')).toThrow(InvalidJobSpecError);
  });

  it('accepts a symlink that stays inside the root and returns the real path', () => {
    symlinkSync(path.join(root, 'jobs', 'existing'), path.join(root, 'alias'));
    expect(resolveJobDir(root, 'alias/x')).toBe(path.join(root, 'jobs', 'existing', 'x'));
  });

  it('works when the campaign root itself is reached through a symlink', () => {
    symlinkSync(root, path.join(base, 'root-link'));
    expect(resolveJobDir(path.join(base, 'root-link'), 'jobs/a')).toBe(path.join(root, 'jobs', 'a'));
  });

  it('ensureJobDir creates the directory', () => {
    const dir = ensureJobDir(root, 'jobs/made/here');
    expect(realpathSync(dir)).toBe(path.join(root, 'jobs', 'made', 'here'));
  });
});
