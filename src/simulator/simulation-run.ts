import * as path from 'node:path';
import type { Atom } from '../ingest/geometry';
import type { FaultSpec } from './faults';
import { convergenceRows, gradientsConverged, OPT_TOLERANCES } from './geometry-convergence';
import { formatEngrad, formatResultXyz } from './orca-files';
import * as fmt from './orca-format';
import type { OrcaInput } from './orca-input';
import { BfgsOptimizer } from './optimizer';
import {
  dipoleSection,
  energyComponents,
  frequencySections,
  populationAnalysis,
  type MoleculeState,
} from './property-sections';
import { BOHR_PER_ANGSTROM, evaluatePotential, toBohr, type PotentialResult } from './potential';
import { scfCycleCount } from './scf-trace';
import { printScf, type ScfOutcome } from './simulated-scf';
import type { OutputBuffer, SimulatorIo } from './simulator-io';

export interface RunSettings {
  baseName: string;
  directory: string;
  electrons: number;
  /** %maxcore of the input, or ORCA's default. */
  maxcoreMb: number;
  started: number;
  delayMs: number;
  fault: FaultSpec | undefined;
}

/** One simulated ORCA run of a checked input: prints its output, writes its files, returns the exit code. */
export class SimulationRun {
  private readonly elements: string[];
  private readonly state: MoleculeState;

  constructor(
    private readonly io: SimulatorIo,
    private readonly out: OutputBuffer,
    private readonly input: OrcaInput,
    private readonly atoms: Atom[],
    private readonly settings: RunSettings,
  ) {
    this.elements = atoms.map((atom) => atom.element);
    this.state = {
      elements: this.elements,
      charge: input.charge,
      multiplicity: input.multiplicity,
      electrons: settings.electrons,
      unrestricted: input.unrestricted,
    };
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
    const scf = await this.scf(result.energy, 1, true, bohr);
    if (!scf.converged) {
      if (this.input.runType === 'engrad') return this.abortUnconverged(scf.energy);
      this.out.add(
        fmt.unconvergedSinglePointWarning(),
        fmt.finalSinglePointEnergy(scf.energy, 'SCF not fully converged!'),
      );
      await this.io.writeFile(
        this.sibling('.xyz'),
        formatResultXyz(this.atoms, this.settings.baseName, scf.energy),
      );
      return this.terminateNormally();
    }
    this.out.add(...populationAnalysis(this.state, bohr), fmt.finalSinglePointEnergy(result.energy));
    if (this.input.runType === 'engrad') {
      this.out.add(fmt.gradientHeading(), fmt.cartesianGradient(this.elements, result.gradient));
      await this.io.writeFile(
        this.sibling('.engrad'),
        formatEngrad(this.elements, result.energy, result.gradient, bohr),
      );
    }
    this.out.add(dipoleSection(this.state, bohr, result.energy));
    if (this.input.frequencies) this.out.add(...this.frequencies(bohr, result.energy));
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
      const scf = await this.scf(energy, cycle, cycle === 1, x);
      if (!scf.converged) return this.abortUnconverged(scf.energy);
      if (cycle === 1) this.out.add(...populationAnalysis(this.state, x));
      this.out.add(
        fmt.finalSinglePointEnergy(energy),
        fmt.gradientHeading(),
        fmt.cartesianGradient(this.elements, gradient),
      );
      await this.writeGeometryFiles(x, energy, gradient);

      const step = optimizer.nextStep(x, energy, gradient, evaluate);
      const rows = convergenceRows(
        previousEnergy === undefined ? undefined : energy - previousEnergy,
        gradient,
        step,
      );
      this.out.add(fmt.geometryRelaxationHeading(energy, gradient), fmt.geometryConvergenceTable(rows));
      if (gradientsConverged(rows)) {
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
    await this.scf(energy, 0, true, x);
    this.out.add(
      ...populationAnalysis(this.state, x),
      fmt.finalSinglePointEnergy(energy),
      dipoleSection(this.state, x, energy),
      fmt.optimizationRunDone(),
    );
    if (this.input.frequencies) this.out.add(...this.frequencies(x, energy));
    return this.terminateNormally();
  }

  private async scf(
    energy: number,
    geometryCycle: number,
    printSettings: boolean,
    xBohr: Float64Array,
  ): Promise<ScfOutcome> {
    if (printSettings) this.out.add(this.scfSettings());
    const natoms = this.atoms.length;
    return printScf(this.out, this.io, {
      energy,
      cycles: scfCycleCount(natoms, this.settings.electrons, geometryCycle, this.input.slowConv),
      maxIter: this.input.scfMaxIter,
      natoms,
      components: energyComponents(this.state, xBohr, energy),
      fault: this.settings.fault?.kind,
    });
  }

  private scfSettings(): string[] {
    return fmt.scfSettings({
      baseName: this.settings.baseName,
      unrestricted: this.input.unrestricted,
      charge: this.input.charge,
      multiplicity: this.input.multiplicity,
      electrons: this.settings.electrons,
    });
  }

  /** The frequency job ORCA runs after the single point or the optimization (FREQ keyword). */
  private frequencies(xBohr: Float64Array, energy: number): string[][] {
    return frequencySections(this.state, xBohr, energy, this.settings.fault?.kind === 'imaginary-mode');
  }

  private async abortUnconverged(energy: number): Promise<number> {
    this.out.add(fmt.finalSinglePointEnergy(energy, 'SCF not fully converged!'), fmt.unconvergedAbortBox());
    await this.out.flush();
    return 1;
  }

  /** Modelled on a real GTOInt failure: the integral program dies before the SCF starts. */
  private async integralFailure(): Promise<number> {
    const { baseName } = this.settings;
    this.out.add(
      ['', '[orcasim] scripted fault: error-termination'],
      fmt.errorTermination(
        'GTOInt',
        fmt.callingCommand('gtoint', `${baseName}.int.tmp ${baseName}`, this.input.nprocs),
      ),
    );
    await this.out.flush();
    return 1;
  }

  private async memoryFailure(): Promise<number> {
    const { baseName, maxcoreMb } = this.settings;
    this.out.add(
      this.scfSettings(),
      fmt.memoryShortage(maxcoreMb, this.settings.fault?.needMb ?? 2 * maxcoreMb),
      fmt.errorTermination(
        'SCF',
        fmt.callingCommand('scf', `${baseName}.gbw b ${baseName}`, this.input.nprocs),
      ),
    );
    await this.out.flush();
    return 1;
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
