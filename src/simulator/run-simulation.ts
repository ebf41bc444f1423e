import * as path from 'node:path';
import type { Atom } from '../ingest/geometry';
import { electronCount, spinStateProblem } from '../ingest/spin-state';
import { activeFault, attemptFromEnv, FaultSyntaxError, type FaultSpec } from './faults';
import { formatEngrad, formatResultXyz } from './orca-files';
import * as fmt from './orca-format';
import { OrcaInputError, parseAtoms, parseOrcaInput, type OrcaInput } from './orca-input';
import { BfgsOptimizer, maxAbs, rms } from './optimizer';
import { fakeMullikenCharges, fakeSpinPopulations } from './populations';
import { BOHR_PER_ANGSTROM, evaluatePotential, toBohr, type PotentialResult } from './potential';
import { convergingScf, scfCycleCount, stalledScf } from './scf-trace';

/** Everything the simulator does to the outside world, so tests can run it in memory. */
export interface SimulatorIo {
  /** Appends to the output (stdout for the CLI); resolves once the text is handed over. */
  write(text: string): Promise<void>;
  readFile(filePath: string): Promise<string>;
  writeFile(filePath: string, content: string): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** Never resolves: the `hang` fault waits here until the process is killed. */
  hangForever(): Promise<never>;
  /** Milliseconds, for TOTAL RUN TIME. */
  now(): number;
}

export interface SimulationRequest {
  inputPath: string;
  /** Reads ORCASTRATE_ATTEMPT and ORCASIM_CYCLE_DELAY_MS. */
  env: Readonly<Record<string, string | undefined>>;
}

/** ORCA's default %maxcore (MB per process) when the input sets none. */
export const DEFAULT_MAXCORE_MB = 4000;

/** ORCA's default (NormalOpt) geometry convergence tolerances. */
export const OPT_TOLERANCES: fmt.ConvergenceTolerances = {
  energy: 5e-6,
  rmsGradient: 1e-4,
  maxGradient: 3e-4,
  rmsStep: 2e-3,
  maxStep: 4e-3,
};

/** Exit codes: 0 normal termination; 1 error termination (including aborted runs). */
export async function runOrcaSimulation(request: SimulationRequest, io: SimulatorIo): Promise<number> {
  const started = io.now();
  const out = new OutputBuffer(io);
  const text = await io.readFile(request.inputPath);
  const inputName = path.basename(request.inputPath);
  const baseName = inputName.replace(/\.[^.]*$/, '');
  const directory = path.dirname(request.inputPath);
  out.add(fmt.header(), fmt.inputEcho(inputName, text.replace(/\s+$/, '').split(/\r\n|\n|\r/)));

  let input: OrcaInput;
  let atoms: Atom[];
  try {
    input = parseOrcaInput(text);
    atoms =
      input.geometry.kind === 'inline'
        ? input.geometry.atoms
        : parseAtoms(await readXyzFile(io, path.resolve(directory, input.geometry.path)));
  } catch (error) {
    if (!(error instanceof OrcaInputError || error instanceof FaultSyntaxError)) throw error;
    out.add(inputErrorLines(error.message));
    await out.flush();
    return 1;
  }

  const elements = atoms.map((atom) => atom.element);
  const electrons = electronCount(elements, input.charge);
  const spinProblem =
    electrons === 0 ? 'number of electrons (NEL) is zero' : spinStateProblem(electrons, input.multiplicity);
  if (spinProblem) {
    out.add(inputErrorLines(`charge ${input.charge} and multiplicity ${input.multiplicity}: ${spinProblem}`));
    await out.flush();
    return 1;
  }

  const run = new SimulationRun(io, out, input, atoms, {
    baseName,
    directory,
    electrons,
    started,
    delayMs: Math.max(0, Number(request.env.ORCASIM_CYCLE_DELAY_MS ?? 0) || 0),
    fault: activeFault(input.faults, {
      attempt: attemptFromEnv(request.env),
      slowConv: input.slowConv,
      maxcoreMb: input.maxcoreMb ?? DEFAULT_MAXCORE_MB,
    }),
  });
  return run.execute();
}

async function readXyzFile(io: SimulatorIo, filePath: string): Promise<string> {
  try {
    return await io.readFile(filePath);
  } catch (error) {
    throw new OrcaInputError(`cannot read the xyzfile ${filePath}: ${(error as Error).message}`);
  }
}

function inputErrorLines(message: string): string[] {
  return ['', `[file orcasim/input-check]: Error : ${message}`, '', '  .... aborting the run', ''];
}

/** Collects lines and hands them to `io.write` in blocks, so output appears as the run goes. */
class OutputBuffer {
  private lines: string[] = [];

  constructor(private readonly io: SimulatorIo) {}

  add(...blocks: readonly (readonly string[])[]): void {
    for (const block of blocks) this.lines.push(...block);
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const text = this.lines.join('\n') + '\n';
    this.lines = [];
    await this.io.write(text);
  }
}

interface RunSettings {
  baseName: string;
  directory: string;
  electrons: number;
  started: number;
  delayMs: number;
  fault: FaultSpec | undefined;
}

type ScfOutcome = { converged: true } | { converged: false; energy: number };

class SimulationRun {
  private readonly elements: string[];

  constructor(
    private readonly io: SimulatorIo,
    private readonly out: OutputBuffer,
    private readonly input: OrcaInput,
    private readonly atoms: Atom[],
    private readonly settings: RunSettings,
  ) {
    this.elements = atoms.map((atom) => atom.element);
  }

  async execute(): Promise<number> {
    if (this.input.runType === 'opt') {
      this.out.add(
        fmt.optimizationSettings(this.input.geomMaxIter, OPT_TOLERANCES),
        fmt.optimizationCycleBanner(1),
      );
    }
    this.out.add(fmt.parallelBanner(this.input.nprocs), fmt.coordinatesBlock(this.atoms));

    const fault = this.settings.fault?.kind;
    if (fault === 'error-termination') return this.integralFailure();
    if (fault === 'memory') return this.memoryFailure();
    return this.input.runType === 'opt' ? this.optimize() : this.singlePoint();
  }

  private async singlePoint(): Promise<number> {
    const bohr = toBohr(this.atoms);
    const result = this.evaluate(bohr);
    const scf = await this.scf(result.energy, 1, true);
    if (!scf.converged) {
      if (this.input.runType === 'engrad') return this.abortUnconverged(scf.energy);
      this.out.add(
        unconvergedSinglePointWarning(),
        fmt.finalSinglePointEnergy(scf.energy, 'SCF not fully converged!'),
      );
      await this.io.writeFile(
        this.sibling('.xyz'),
        formatResultXyz(this.atoms, this.settings.baseName, scf.energy),
      );
      return this.terminateNormally();
    }
    this.out.add(this.mulliken(), fmt.finalSinglePointEnergy(result.energy));
    if (this.input.runType === 'engrad') {
      this.out.add(gradientHeading(), fmt.cartesianGradient(this.elements, result.gradient));
      await this.io.writeFile(
        this.sibling('.engrad'),
        formatEngrad(this.elements, result.energy, result.gradient, bohr),
      );
    }
    await this.io.writeFile(
      this.sibling('.xyz'),
      formatResultXyz(this.atoms, this.settings.baseName, result.energy),
    );
    await this.pause();
    return this.terminateNormally();
  }

  private async optimize(): Promise<number> {
    const evaluate = (x: Float64Array): PotentialResult => this.evaluate(x);
    const optimizer = new BfgsOptimizer(3 * this.atoms.length);
    let x = toBohr(this.atoms);
    let previousEnergy: number | undefined;
    for (let cycle = 1; ; cycle++) {
      if (cycle > 1) this.out.add(fmt.optimizationCycleBanner(cycle), fmt.coordinatesBlock(this.atomsAt(x)));
      const { energy, gradient } = evaluate(x);
      const scf = await this.scf(energy, cycle, cycle === 1);
      if (!scf.converged) return this.abortUnconverged(scf.energy);
      if (cycle === 1) this.out.add(this.mulliken());
      this.out.add(
        fmt.finalSinglePointEnergy(energy),
        gradientHeading(),
        fmt.cartesianGradient(this.elements, gradient),
      );
      await this.writeGeometryFiles(x, energy, gradient);

      const step = optimizer.nextStep(x, energy, gradient, evaluate);
      const rows = convergenceRows(
        previousEnergy === undefined ? undefined : energy - previousEnergy,
        gradient,
        step,
      );
      const converged = rows.filter((r) => r.label.endsWith('gradient')).every((r) => r.converged);
      this.out.add(geometryRelaxationHeading(energy, gradient), fmt.geometryConvergenceTable(rows));
      if (converged) {
        this.out.add(fmt.optimizationConverged());
        return this.finalEvaluation(x);
      }
      if (cycle >= this.input.geomMaxIter) {
        this.out.add(fmt.optimizationDidNotConverge(this.input.geomMaxIter));
        return this.terminateNormally();
      }
      this.out.add(fmt.optimizationNotYetConverged());
      await this.pause();
      previousEnergy = energy;
      x = x.map((v, i) => v + step[i]!);
    }
  }

  private async finalEvaluation(x: Float64Array): Promise<number> {
    const { energy } = this.evaluate(x);
    this.out.add(fmt.finalEnergyEvaluationBanner(), fmt.coordinatesBlock(this.atomsAt(x)));
    await this.scf(energy, 0, true);
    this.out.add(this.mulliken(), fmt.finalSinglePointEnergy(energy), fmt.optimizationRunDone());
    return this.terminateNormally();
  }

  /** Prints one SCF; returns whether it converged. Also where the hang and SCF faults strike. */
  private async scf(energy: number, geometryCycle: number, printSettings: boolean): Promise<ScfOutcome> {
    if (printSettings) {
      this.out.add(
        fmt.scfSettings({
          baseName: this.settings.baseName,
          unrestricted: this.input.unrestricted,
          charge: this.input.charge,
          multiplicity: this.input.multiplicity,
          electrons: this.settings.electrons,
        }),
      );
    }
    this.out.add(fmt.scfTableHeader());
    const fault = this.settings.fault?.kind;
    const natoms = this.atoms.length;
    const cycles = scfCycleCount(natoms, this.settings.electrons, geometryCycle, this.input.slowConv);

    if (fault === 'hang') {
      const rows = convergingScf(energy, cycles, 0.05 + 0.01 * natoms).slice(0, 3);
      this.out.add(rows.map((row, i) => fmt.scfTableRow(i + 1, row)));
      await this.out.flush();
      return this.io.hangForever();
    }
    if (fault === 'scf-not-converged' || cycles > this.input.scfMaxIter) {
      const rows = stalledScf(energy, this.input.scfMaxIter);
      this.out.add(
        rows.map((row, i) => fmt.scfTableRow(i + 1, row)),
        fmt.scfNotConvergedBox(this.input.scfMaxIter),
      );
      return { converged: false, energy: rows.at(-1)?.energy ?? energy };
    }
    const rows = convergingScf(energy, cycles, 0.05 + 0.01 * natoms);
    this.out.add(
      rows.map((row, i) => fmt.scfTableRow(i + 1, row)),
      ['                 **** Energy Check signals convergence ****'],
      fmt.scfConvergedBox(cycles),
      fmt.totalScfEnergy(energy),
    );
    return { converged: true };
  }

  private mulliken(): string[] {
    const charges = fakeMullikenCharges(this.elements, this.input.charge);
    const spins = this.input.unrestricted
      ? fakeSpinPopulations(this.elements, this.input.multiplicity)
      : undefined;
    return fmt.mullikenBlock(this.elements, charges, spins);
  }

  private async abortUnconverged(energy: number): Promise<number> {
    this.out.add(fmt.finalSinglePointEnergy(energy, 'SCF not fully converged!'), unconvergedAbortBox());
    await this.out.flush();
    return 1;
  }

  /** Modelled on a real GTOInt failure: the integral program dies before the SCF starts. */
  private async integralFailure(): Promise<number> {
    this.out.add(
      ['', '[orcasim] scripted fault: error-termination'],
      fmt.errorTermination(
        'GTOInt',
        this.callingCommand('gtoint', `${this.settings.baseName}.int.tmp ${this.settings.baseName}`),
      ),
    );
    await this.out.flush();
    return 1;
  }

  private async memoryFailure(): Promise<number> {
    const available = this.input.maxcoreMb ?? DEFAULT_MAXCORE_MB;
    const needed = this.settings.fault?.needMb ?? 2 * available;
    this.out.add(
      fmt.scfSettings({
        baseName: this.settings.baseName,
        unrestricted: this.input.unrestricted,
        charge: this.input.charge,
        multiplicity: this.input.multiplicity,
        electrons: this.settings.electrons,
      }),
      [
        // Wording reconstructed from memory of ORCA's out-of-memory aborts, not copied from a real output.
        'Error (ORCA_SCF): Not enough memory available!',
        `  Memory available per process (%maxcore) ... ${String(available).padStart(6)} MB`,
        `  Memory needed per process               ... ${String(needed).padStart(6)} MB`,
        '  Please increase MaxCore.',
        '  [orcasim] scripted fault: memory (the wording above is modelled on ORCA, not copied from it)',
      ],
      fmt.errorTermination(
        'SCF',
        this.callingCommand('scf', `${this.settings.baseName}.gbw b ${this.settings.baseName}`),
      ),
    );
    await this.out.flush();
    return 1;
  }

  private callingCommand(program: string, args: string): string {
    return this.input.nprocs > 1
      ? `mpirun -np ${this.input.nprocs}  orca_${program}_mpi ${args} `
      : `orca_${program} ${args} `;
  }

  private evaluate(x: Float64Array): PotentialResult {
    return evaluatePotential({
      elements: this.elements,
      coordinatesBohr: x,
      charge: this.input.charge,
      multiplicity: this.input.multiplicity,
    });
  }

  private atomsAt(x: Float64Array): Atom[] {
    return this.atoms.map((atom, i) => ({
      element: atom.element,
      x: x[3 * i]! / BOHR_PER_ANGSTROM,
      y: x[3 * i + 1]! / BOHR_PER_ANGSTROM,
      z: x[3 * i + 2]! / BOHR_PER_ANGSTROM,
    }));
  }

  private async writeGeometryFiles(x: Float64Array, energy: number, gradient: Float64Array): Promise<void> {
    await this.io.writeFile(
      this.sibling('.xyz'),
      formatResultXyz(this.atomsAt(x), this.settings.baseName, energy),
    );
    await this.io.writeFile(this.sibling('.engrad'), formatEngrad(this.elements, energy, gradient, x));
  }

  private sibling(extension: string): string {
    return path.join(this.settings.directory, this.settings.baseName + extension);
  }

  private async pause(): Promise<void> {
    await this.out.flush();
    if (this.settings.delayMs > 0) await this.io.sleep(this.settings.delayMs);
  }

  private async terminateNormally(): Promise<number> {
    this.out.add(fmt.normalTermination(this.io.now() - this.settings.started));
    await this.out.flush();
    return 0;
  }
}

function convergenceRows(
  energyChange: number | undefined,
  gradient: Float64Array,
  step: Float64Array,
): fmt.ConvergenceRow[] {
  const row = (label: fmt.ConvergenceRow['label'], value: number, tolerance: number): fmt.ConvergenceRow => ({
    label,
    value,
    tolerance,
    converged: Math.abs(value) < tolerance,
  });
  return [
    ...(energyChange === undefined ? [] : [row('Energy change', energyChange, OPT_TOLERANCES.energy)]),
    row('RMS gradient', rms(gradient), OPT_TOLERANCES.rmsGradient),
    row('MAX gradient', maxAbs(gradient), OPT_TOLERANCES.maxGradient),
    row('RMS step', rms(step), OPT_TOLERANCES.rmsStep),
    row('MAX step', maxAbs(step), OPT_TOLERANCES.maxStep),
  ];
}

function gradientHeading(): string[] {
  return [
    '------------------------------------------------------------------------------',
    '                         ORCA SCF GRADIENT CALCULATION',
    '------------------------------------------------------------------------------',
    '',
  ];
}

function geometryRelaxationHeading(energy: number, gradient: Float64Array): string[] {
  return [
    '------------------------------------------------------------------------------',
    '                         ORCA GEOMETRY RELAXATION STEP',
    '------------------------------------------------------------------------------',
    '',
    `Current Energy                          ....${energy.toFixed(9).padStart(17)} Eh`,
    `Current gradient norm                   ....${Math.sqrt(gradient.reduce((s, g) => s + g * g, 0))
      .toFixed(9)
      .padStart(17)} Eh/bohr`,
  ];
}

function unconvergedSinglePointWarning(): string[] {
  return [
    '',
    '     --------------------------------------------------------------------',
    '                                      WARNING',
    '     The wavefunction IS NOT YET CONVERGED! This is a single point, so the',
    '     run carries on, but the energy below is not a converged result.',
    '     --------------------------------------------------------------------',
    '',
  ];
}

function unconvergedAbortBox(): string[] {
  return [
    '',
    '     ------------------------------------------------------------------------------',
    '                                      ERROR',
    '     This SCF-wavefunction IS NOT FULLY CONVERGED!',
    '     No gradient or geometry step is taken from an unconverged wavefunction.',
    '     Aborting the run ...',
    '     Restart with SlowConv/VerySlowConv or a larger %scf MaxIter.',
    '     ------------------------------------------------------------------------------',
    '',
  ];
}
