import { spawn } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FluxAdapter, InvalidJobSpecError, SlurmAdapter, type JobSpec } from '../../../src/schedulers';
import { renderLocalScript } from '../../../src/schedulers/local-script';

const HOSTILE = `it's "$(touch pwned)" \`touch pwned\` $HOME\nsecond line`;

function runScript(
  file: string,
  env: NodeJS.ProcessEnv = {},
  signalAfterMs?: number,
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/bash', [file], { stdio: 'ignore', env: { PATH: process.env.PATH, ...env } });
    if (signalAfterMs !== undefined) setTimeout(() => child.kill('SIGTERM'), signalAfterMs);
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

describe('job scripts', () => {
  let root: string;
  let jobDir: string;
  let base: JobSpec;

  beforeEach(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-script-')));
    jobDir = path.join(root, 'jobs', 'j1');
    base = {
      name: 'oc.camp.j1.a2',
      campaignRoot: root,
      workingDir: 'jobs/j1',
      cores: 4,
      memoryMb: 8000,
      walltimeSeconds: 3600,
      command: [
        '/bin/sh',
        '-c',
        'printf "%s|%s|%s" "$HOSTILE" "$ORCASTRATE_ATTEMPT" "$ORCASTRATE_CORES"; exit 3',
      ],
      outputFile: 'job.out',
      attempt: 2,
      env: { HOSTILE },
    };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Renders the local flavour (same body as SLURM/Flux) into the job dir and returns its path. */
  function writeScript(spec: JobSpec): string {
    const dir = path.join(spec.campaignRoot, spec.workingDir);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'job.sh');
    writeFileSync(file, renderLocalScript(spec, dir));
    return file;
  }

  function fakeOrcastrate(exitCode: number): { bin: string; calls: string } {
    const bin = path.join(root, 'fake-orcastrate');
    const calls = path.join(root, 'report-calls');
    writeFileSync(bin, `#!/bin/sh\nprintf '%s\\n' "$@" >> '${calls}'\nexit ${exitCode}\n`);
    chmodSync(bin, 0o755);
    return { bin, calls };
  }

  it('renders #SBATCH directives from the spec', () => {
    const script = new SlurmAdapter().renderScript({ ...base, queue: 'short', account: 'chem-42' });
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    for (const directive of [
      '--job-name=oc.camp.j1.a2',
      '--nodes=1',
      '--ntasks=4',
      '--mem=8000M',
      '--time=0-01:00:00',
      '--partition=short',
      '--account=chem-42',
    ]) {
      expect(script).toContain(`#SBATCH ${directive}\n`);
    }
    // ORCA's %maxcore is the caller's business (jobs/orca-resources.ts): nothing ORCA-specific here.
    expect(script).not.toContain('MAXCORE');
    expect(script).toContain(`'/bin/sh' '-c'`);
  });

  it('renders #flux: directives from the spec', () => {
    const script = new FluxAdapter().renderScript({ ...base, queue: 'pbatch', account: 'bank1' });
    for (const directive of [
      '--job-name=oc.camp.j1.a2',
      '--nslots=4',
      '--time-limit=3600s',
      '--queue=pbatch',
      '--setattr=system.bank=bank1',
    ]) {
      expect(script).toContain(`#flux: ${directive}\n`);
    }
  });

  it.each<[string, Partial<JobSpec>]>([
    ['a relative program', { command: ['orca', 'x.inp'] }],
    ['an empty command', { command: [] }],
    ['a queue with a space', { queue: 'a b' }],
    ['an account with a newline', { account: 'a\n#SBATCH --x' }],
    ['a bad env name', { env: { 'A B': 'x' } }],
    ['an output path', { outputFile: '../x.out' }],
    ['a job name with a comma', { name: 'a,b' }],
    ['a job dir escaping the root', { workingDir: '../elsewhere' }],
  ])('refuses %s', (_label, change) => {
    expect(() => new SlurmAdapter().renderScript({ ...base, ...change })).toThrow(InvalidJobSpecError);
  });

  it('passes hostile env values, the attempt and the cores intact and exits with the program exit code', async () => {
    const script = writeScript(base);
    expect(await runScript(script)).toBe(3);
    expect(readFileSync(path.join(jobDir, 'job.out'), 'utf8')).toBe(`${HOSTILE}|2|4`);
    expect(existsSync(path.join(jobDir, 'pwned'))).toBe(false);
  });

  it('runs the completion hook with the verdict and keeps the exit code', async () => {
    const { bin, calls } = fakeOrcastrate(0);
    const script = writeScript({ ...base, report: { workflowId: "wf-'1'", orcastrateBin: bin } });
    expect(await runScript(script)).toBe(3);
    expect(readFileSync(calls, 'utf8').split('\n')).toEqual([
      'report',
      '--workflow-id',
      "wf-'1'",
      '--attempt',
      '2',
      '--exit-code',
      '3',
      '--output',
      path.join(jobDir, 'job.out'),
      '',
    ]);
  });

  it('a failing or missing reporter never changes the exit status', async () => {
    const { bin, calls } = fakeOrcastrate(1);
    const succeeding = { ...base, command: ['/bin/true'] };
    expect(
      await runScript(writeScript({ ...succeeding, report: { workflowId: 'wf', orcastrateBin: bin } })),
    ).toBe(0);
    expect(readFileSync(calls, 'utf8')).toContain('--exit-code\n0\n');
    const missing = path.join(root, 'no-such-orcastrate');
    expect(
      await runScript(writeScript({ ...succeeding, report: { workflowId: 'wf', orcastrateBin: missing } })),
    ).toBe(0);
  });

  it('skips the hook without ORCASTRATE_REPORT_WORKFLOW_ID and runs it when the variable comes from the environment', async () => {
    const { bin, calls } = fakeOrcastrate(0);
    const script = writeScript(base);
    expect(await runScript(script, { ORCASTRATE_BIN: bin })).toBe(3);
    expect(existsSync(calls)).toBe(false);
    expect(await runScript(script, { ORCASTRATE_BIN: bin, ORCASTRATE_REPORT_WORKFLOW_ID: 'wf-env' })).toBe(3);
    expect(readFileSync(calls, 'utf8')).toContain('wf-env');
  });

  it('runs in scratch, copies results back without temporaries and removes the scratch dir', async () => {
    const scratchRoot = path.join(root, 'scratch');
    const spec: JobSpec = {
      ...base,
      scratchRoot,
      command: [
        '/bin/sh',
        '-c',
        'cat input.inp > result.txt; pwd > where.txt; echo t > big.tmp; echo t > x.tmp.3',
      ],
    };
    const script = writeScript(spec);
    writeFileSync(path.join(jobDir, 'input.inp'), '! B3LYP\n');
    expect(await runScript(script)).toBe(0);
    expect(readFileSync(path.join(jobDir, 'result.txt'), 'utf8')).toBe('! B3LYP\n');
    expect(
      readFileSync(path.join(jobDir, 'where.txt'), 'utf8').startsWith(path.join(scratchRoot, 'orcastrate.')),
    ).toBe(true);
    expect(existsSync(path.join(jobDir, 'big.tmp'))).toBe(false);
    expect(existsSync(path.join(jobDir, 'x.tmp.3'))).toBe(false);
    expect(readdirSync(scratchRoot)).toEqual([]);
  });

  it('on SIGTERM stops the program, keeps partial results and still cleans the scratch dir', async () => {
    const scratchRoot = path.join(root, 'scratch');
    const script = writeScript({
      ...base,
      scratchRoot,
      command: ['/bin/sh', '-c', 'echo partial > partial.txt; exec sleep 30'],
    });
    const started = Date.now();
    expect(await runScript(script, {}, 700)).toBe(143);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(readFileSync(path.join(jobDir, 'partial.txt'), 'utf8')).toBe('partial\n');
    expect(readdirSync(scratchRoot)).toEqual([]);
  });
});
