import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import {
  identifier,
  InvalidInputError,
  parseCampaignInput,
  type CampaignSettings,
} from '../../campaign/input';
import { exportPwd } from '../../campaign/pwd-export';
import { importPwd } from '../../campaign/pwd-import';
import { resolveSteps } from '../../campaign/resolve-steps';
import { loadConfig } from '../../config';
import { campaignSettings, createPool } from '../../db';
import { describeError, redactSecrets } from '../../redact';
import { CampaignNotFoundError, InvalidRequestError } from '../campaign-errors';
import { reportRequestError } from './request-errors';

/** Where `pwd export` writes the extensions when not told: next to `> workflow.json`. */
export const DEFAULT_EXTENSIONS = 'workflow.orcastrate.json';

export function registerPwdCommands(program: Command): void {
  const pwd = program
    .command('pwd')
    .description('exchange pipelines with other workflow engines in the Python Workflow Definition (PWD)');
  pwd
    .command('export')
    .description(
      "print a campaign's steps as a PWD workflow (JSON on stdout); names, resources and recovery go to an extensions file",
    )
    .argument('[campaign]', 'campaign id: the settings its workflow stored in Postgres')
    .option('--input <file.json>', 'a campaign input file (as for `temporal workflow start --input`) instead')
    .option('--extensions <file>', 'where to write the orcastrate settings of the steps', DEFAULT_EXTENSIONS)
    .action(async (campaign: string | undefined, options: { input?: string; extensions: string }) => {
      try {
        const settings = await exportedSettings(campaign, options.input);
        const steps = resolveSteps(settings);
        const { workflow, extensions } = exportPwd(steps);
        writeText(options.extensions, `${JSON.stringify(extensions, null, 2)}\n`);
        process.stdout.write(`${JSON.stringify(workflow, null, 2)}\n`);
        console.error(
          `orcastrate pwd export: ${steps.length} step${steps.length === 1 ? '' : 's'} ` +
            `(${steps.map((step) => step.name).join(' → ')}); their settings in ${options.extensions}`,
        );
      } catch (error) {
        if (!reportRequestError(error)) throw error;
      }
    });
  pwd
    .command('import')
    .description(
      'print a PWD workflow of ORCA steps as campaign `steps` JSON (refusing what cannot be mapped)',
    )
    .argument('<workflow.json>', 'the PWD workflow')
    .option(
      '--extensions <file>',
      'orcastrate settings of the steps (default: <workflow>.orcastrate.json if present)',
    )
    .option('--into <campaign.json>', 'print this campaign input with the imported steps, validated, instead')
    .action((file: string, options: { extensions?: string; into?: string }) => {
      try {
        const extensionsFile = options.extensions ?? defaultExtensions(file);
        const imported = importPwd(readJson(file), extensionsFile ? readJson(extensionsFile) : undefined);
        if (!imported.ok) {
          for (const problem of imported.problems)
            console.error(`orcastrate pwd import: ${file}: ${problem}`);
          process.exitCode = 2;
          return;
        }
        if (!extensionsFile)
          console.error(
            `orcastrate pwd import: no ${extensionsPathFor(file)}: steps named step-<node id>, ` +
              "with the campaign's cores, memory, walltime and recovery",
          );
        const output = options.into ? withSteps(options.into, imported.steps) : { steps: imported.steps };
        process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      } catch (error) {
        if (!reportRequestError(error)) throw error;
      }
    });
}

/** The validated settings of a stored campaign or of an input file. */
async function exportedSettings(
  campaign: string | undefined,
  input: string | undefined,
): Promise<CampaignSettings> {
  if ((campaign === undefined) === (input === undefined))
    throw new InvalidRequestError('pwd export: give a campaign id or --input FILE (one of them)');
  if (input !== undefined) return parseCampaignInput(readJson(input));
  const id = identifier.safeParse(campaign);
  if (!id.success)
    throw new InvalidRequestError(`campaign id ${JSON.stringify(campaign)}: ${id.error.issues[0]?.message}`);
  const { databaseUrl } = loadConfig();
  const pool = createPool(databaseUrl, 1);
  try {
    const stored = await campaignSettings(pool, id.data).catch((error: unknown) => {
      const reason = describeError(error).replace(/\s+/g, ' ');
      throw new Error(
        `cannot read campaign settings (DATABASE_URL=${redactSecrets(databaseUrl)}): ${reason}`,
        {
          cause: error,
        },
      );
    });
    if (stored === undefined) throw new CampaignNotFoundError(id.data, 'nothing in Postgres');
    if (typeof stored !== 'object' || stored === null || !('orca' in stored))
      throw new InvalidRequestError(
        `campaign ${id.data} has no ORCA settings stored (ingested by \`orcastrate ingest\`, never started): ` +
          'export its input with --input FILE',
      );
    // stored by the workflow that parsed them, possibly before fields it ignored were refused
    return parseCampaignInput(stored, { ignoreUnknownFields: true });
  } catch (error) {
    if (error instanceof InvalidInputError)
      throw new InvalidRequestError(
        `the stored settings of campaign ${id.data} do not read: ${error.message}`,
      );
    throw error;
  } finally {
    await pool.end();
  }
}

/** `<dir>/<name without .json>.orcastrate.json` next to a workflow file. */
function extensionsPathFor(workflowFile: string): string {
  const { dir, name, ext } = path.parse(workflowFile);
  return path.join(dir, `${ext === '.json' ? name : `${name}${ext}`}.orcastrate.json`);
}

function defaultExtensions(workflowFile: string): string | undefined {
  const candidate = extensionsPathFor(workflowFile);
  return existsSync(candidate) ? candidate : undefined;
}

function writeText(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new InvalidRequestError(`cannot write ${file}: ${describeError(error)}`);
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidRequestError(`cannot read ${file}: ${describeError(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidRequestError(`${file} is not JSON: ${describeError(error)}`);
  }
}

/** The campaign input in `file` with `steps` set, validated as the campaign workflow will. */
function withSteps(file: string, steps: unknown[]): unknown {
  const input = readJson(file);
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new InvalidRequestError(`${file}: a campaign input is a JSON object`);
  const combined = { ...input, steps };
  parseCampaignInput(combined);
  return combined;
}
