import { constants } from 'node:fs';
import { access, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { ensureJobDir } from '../schedulers';

export type PrerequisiteProblem =
  { kind: 'orca-executable'; message: string } | { kind: 'campaign-directory'; message: string };

/**
 * What must hold on the worker before a campaign ingests anything: its directory under the data
 * root can be created and written, and the ORCA executable exists and may be executed. Checked
 * once at campaign start so a typo fails the campaign at once instead of every job one by one.
 */
export async function campaignPrerequisiteProblems(
  dataRoot: string,
  campaignId: string,
  orcaExecutable: string,
): Promise<PrerequisiteProblem[]> {
  const problems: PrerequisiteProblem[] = [];
  const orca = await executableProblem(orcaExecutable);
  if (orca) problems.push({ kind: 'orca-executable', message: `orca.executable ${orca}` });
  const directory = await campaignDirectoryProblem(dataRoot, campaignId);
  if (directory) problems.push({ kind: 'campaign-directory', message: directory });
  return problems;
}

async function executableProblem(file: string): Promise<string | undefined> {
  const where = `on worker ${hostname()}`;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return `${file} is a directory, not a program (${where})`;
    await access(file, constants.X_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `${file} does not exist ${where}`;
    if (code === 'EACCES') return `${file} is not executable ${where}`;
    return `${file} cannot be checked ${where}: ${(error as Error).message}`;
  }
}

async function campaignDirectoryProblem(dataRoot: string, campaignId: string): Promise<string | undefined> {
  let directory = path.join(dataRoot, campaignId);
  try {
    directory = ensureJobDir(dataRoot, campaignId);
    const probe = path.join(directory, `.orcastrate-write-probe-${process.pid}`);
    await writeFile(probe, 'probe\n');
    await rm(probe, { force: true });
    return undefined;
  } catch (error) {
    return `campaign directory ${directory} cannot be written on worker ${hostname()}: ${(error as Error).message}`;
  }
}
