import { jobOverridesSchema, resetFailedOptionsSchema } from '../../../src/campaign/operator-requests';
import { renderOrcaInput } from '../../../src/jobs/orca-input';
import { decideRecovery } from '../../../src/recovery/decide';
import { applyOverrides } from '../../../src/recovery/operator-overrides';
import { initialPlan } from '../../../src/recovery/plan';
import { resetFailedOptionsProblem, retryJobsOptionsProblem } from '../../../src/workflows/messages';
import { orca } from './support';

describe('operator overrides', () => {
  it('change the first plan of a reset job and are recorded as operator corrections', () => {
    const overrides = jobOverridesSchema.parse({
      walltimeMinutes: 120,
      memoryMb: 8000,
      cores: 2,
      keywords: '! PBE0 def2-TZVP',
      blocks: ['%scf MaxIter 500 end'],
    });
    const { plan, corrections } = applyOverrides(initialPlan(orca), overrides, orca.keywords);
    expect(plan).toMatchObject({
      walltimeMinutes: 120,
      memoryMb: 8000,
      cores: 2,
      keywords: '! PBE0 def2-TZVP',
    });
    expect(corrections).toEqual([
      { handler: 'operator', action: 'set-walltime-minutes', from: orca.walltimeMinutes, to: 120 },
      { handler: 'operator', action: 'set-memory-mb', from: orca.memoryMb, to: 8000 },
      { handler: 'operator', action: 'set-cores', from: orca.cores, to: 2 },
      { handler: 'operator', action: 'set-keywords', from: orca.keywords, to: '! PBE0 def2-TZVP' },
      { handler: 'operator', action: 'set-blocks', from: '', to: '%scf MaxIter 500 end' },
    ]);
    const text = renderOrcaInput({
      keywords: orca.keywords,
      plan,
      charge: 0,
      multiplicity: 1,
      xyzFile: 'in.xyz',
    });
    expect(text.split('\n')).toEqual([
      '! PBE0 def2-TZVP',
      '%pal nprocs 2 end',
      '%maxcore 3000',
      '%scf MaxIter 500 end',
      '* xyzfile 0 1 in.xyz',
      '',
    ]);
  });

  it('leave the plan alone when there are none, and survive the ladder (keywords stay on a retry)', () => {
    const plain = applyOverrides(initialPlan(orca), undefined, orca.keywords);
    expect(plain).toEqual({ plan: initialPlan(orca), corrections: [] });
    const { plan } = applyOverrides(initialPlan(orca), { keywords: '! HF def2-SVP' }, orca.keywords);
    const decision = decideRecovery({
      recovery: { strategy: 'adaptive', maxAttempts: 3 },
      attempt: 1,
      outcome: { status: 'failed', reason: 'scf-not-converged' },
      plan,
      originalMemoryMb: orca.memoryMb,
    });
    expect(decision.kind === 'retry' && decision.plan.keywords).toBe('! HF def2-SVP');
  });
});

describe('operator request validation names each bad field', () => {
  it.each([
    [{ overrides: { memoryMb: 5 } }, 'overrides.memoryMb'],
    [{ overrides: { cores: 0.5 } }, 'overrides.cores'],
    [{ overrides: { walltimeMinutes: -1 } }, 'overrides.walltimeMinutes'],
    [{ overrides: { keywords: 'B3LYP' } }, 'overrides.keywords: must start with "!"'],
    [{ overrides: { keywords: '! B3LYP\n* xyz 0 1' } }, 'overrides.keywords: must be a single line'],
    [{ overrides: { blocks: ['%pal nprocs 64 end'] } }, 'overrides.blocks.0: %pal and %maxcore follow'],
    [{ overrides: { blocks: ['%MaxCore 9000'] } }, 'overrides.blocks.0: %pal and %maxcore follow'],
    [{ overrides: { blocks: ['* xyz 0 1'] } }, 'overrides.blocks.0: must start with "%"'],
    [{ overrides: { blocks: ['%scf\0 end'] } }, 'overrides.blocks.0: must not contain NUL'],
    [{ overrides: { memory: 4000 } }, 'overrides.memory: unknown field (did you mean overrides.memoryMb?)'],
    [{ includeTimeout: true }, 'includeTimeout: unknown field (did you mean includeTimeouts?)'],
    [{ jobIds: ['../etc'] }, 'jobIds.0'],
    [{ jobIds: [] }, 'jobIds'],
    [{ reasons: ['x'.repeat(201)] }, 'reasons.0'],
    [{ maxFailCount: -1 }, 'maxFailCount'],
    ['everything', '(input)'],
  ])('resetFailed request %#', (options, named) => {
    expect(resetFailedOptionsProblem(options)).toContain(named);
  });

  it('accepts absent and empty options, and a full request', () => {
    expect(resetFailedOptionsProblem(undefined)).toBeUndefined();
    expect(resetFailedOptionsProblem(null)).toBeUndefined();
    expect(resetFailedOptionsProblem({})).toBeUndefined();
    const full = {
      includeTimeouts: true,
      maxFailCount: 2,
      reasons: ['scf-not-converged', 'submit-rejected'],
      jobIds: ['row-000001'],
      overrides: { memoryMb: 4000, blocks: ['%scf MaxIter 500 end'] },
      requestedBy: 'alice@login1',
    };
    expect(resetFailedOptionsSchema.parse(full)).toEqual(full);
  });

  it('retryJobs needs job ids', () => {
    expect(retryJobsOptionsProblem({})).toContain('jobIds');
    expect(retryJobsOptionsProblem({ jobIds: ['row-000001', 'a b'] })).toContain('jobIds.1');
    expect(retryJobsOptionsProblem({ jobIds: ['row-000001'] })).toBeUndefined();
  });
});
