import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseCampaignInput } from '../../src/campaign/input';
import { resolveSteps } from '../../src/campaign/resolve-steps';
import { upsertCampaign } from '../../src/db';
import { createPool } from '../../src/db/pool';
import { assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { pwdCli } from './pwd-support';

const orca = { executable: '/opt/orca/orca', cores: 2, memoryMb: 4000 };
const steps = [
  { name: 'opt', keywords: '! r2SCAN-3c OPT', blocks: '%geom MaxIter 300 end' },
  {
    name: 'freq',
    keywords: '! r2SCAN-3c FREQ',
    dependsOn: ['opt'],
    geometryFrom: 'opt',
    walltimeMinutes: 240,
  },
  {
    name: 'sp',
    keywords: '! wB97X-V def2-TZVP',
    blocks: '%scf MaxIter 500 end',
    dependsOn: ['freq'],
    geometryFrom: 'opt',
    cores: 8,
    recovery: { strategy: 'retry' },
  },
];
const campaign = { csvPath: '/data/complexes.csv', orca, steps };

describe('orcastrate pwd', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-pwd-'));
  const write = (name: string, value: unknown) => {
    writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
    return name;
  };
  beforeAll(assertBuilt);
  afterAll(() => pool.end());

  it('exports an input file to workflow.json + workflow.orcastrate.json and imports it back to the same steps', async () => {
    const exported = await pwdCli(['export', '--input', write('campaign.json', campaign)], dir);
    expect(exported).toMatchObject({ code: 0 });
    expect(exported.stderr).toContain(
      '3 steps (opt → freq → sp); their settings in workflow.orcastrate.json',
    );
    const workflow = JSON.parse(exported.stdout) as { version: string; nodes: unknown[] };
    expect(workflow.version).toBe('0.0.1');
    expect(workflow.nodes).toHaveLength(12);
    expect(existsSync(path.join(dir, 'workflow.orcastrate.json'))).toBe(true);
    write('workflow.json', exported.stdout);

    const imported = await pwdCli(['import', 'workflow.json'], dir);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    const importedSteps = (JSON.parse(imported.stdout) as { steps: unknown[] }).steps;
    const original = resolveSteps(parseCampaignInput(campaign));
    expect(importedSteps).toEqual(
      original.map(({ dependsOn, ...step }) => ({ ...step, ...(dependsOn.length ? { dependsOn } : {}) })),
    );

    // --into: the campaign input with these steps, ready for `temporal workflow start --input`
    const base = write('base.json', { csvPath: '/data/other.csv', orca, maxInFlight: 10 });
    const into = await pwdCli(['import', 'workflow.json', '--into', base], dir);
    expect(into).toMatchObject({ code: 0 });
    const input = JSON.parse(into.stdout) as Record<string, unknown>;
    expect(input).toMatchObject({ csvPath: '/data/other.csv', maxInFlight: 10, steps: importedSteps });
    expect(resolveSteps(parseCampaignInput(input))).toEqual(original);
  });

  it('imports without an extensions file, saying what that means', async () => {
    const exported = await pwdCli(
      ['export', '--input', write('c2.json', campaign), '--extensions', 'x.json'],
      dir,
    );
    write('plain.json', exported.stdout);
    const imported = await pwdCli(['import', 'plain.json'], dir);
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.stderr).toContain('no plain.orcastrate.json: steps named step-<node id>');
    const names = (JSON.parse(imported.stdout) as { steps: { name: string }[] }).steps.map(
      (step) => step.name,
    );
    expect(names).toEqual(['step-1', 'step-4', 'step-7']); // opt has blocks, freq none
  });

  it('exports a campaign from the settings its workflow stored in Postgres, as from its input file', async () => {
    const id = `pwd-${randomUUID().slice(0, 8)}`;
    await upsertCampaign(pool, id, parseCampaignInput(campaign));
    const stored = await pwdCli(['export', id, '--extensions', 'stored.json'], dir);
    const fromFile = await pwdCli(['export', '--input', 'campaign.json', '--extensions', 'file.json'], dir);
    expect(stored).toMatchObject({ code: 0 });
    expect(stored.stdout).toBe(fromFile.stdout);
    expect(readFileSync(path.join(dir, 'stored.json'), 'utf8')).toBe(
      readFileSync(path.join(dir, 'file.json'), 'utf8'),
    );

    // an active-learning label campaign stores its own shape: one step
    const label = `pwd-${randomUUID().slice(0, 8)}`;
    await upsertCampaign(pool, label, {
      activeLearning: 'al',
      generation: 1,
      orca: { ...orca, keywords: '! PBE' },
    });
    const single = await pwdCli(['export', label, '--extensions', 'label.json'], dir);
    expect(single).toMatchObject({ code: 0 });
    expect(single.stderr).toContain('1 step (main)');
  });

  it('refuses a campaign without ORCA settings (exit 2) and an unknown one (exit 1)', async () => {
    const ingested = `pwd-${randomUUID().slice(0, 8)}`;
    await upsertCampaign(pool, ingested, { csvPath: '/data/x.csv', ingest: { preset: 'default' } });
    const noOrca = await pwdCli(['export', ingested], dir);
    expect(noOrca).toMatchObject({ code: 2, stdout: '' });
    expect(noOrca.stderr).toContain(`campaign ${ingested} has no ORCA settings stored`);

    const unknown = await pwdCli(['export', `pwd-nothing-${randomUUID().slice(0, 8)}`], dir);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toMatch(/no campaign "pwd-nothing-[0-9a-f]+": nothing in Postgres/);
  });
});
