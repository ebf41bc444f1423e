import * as path from 'node:path';
import type { Atom } from '../ingest/geometry';
import { electronCount, spinStateProblem } from '../ingest/spin-state';
import { activeFault, attemptFromEnv, FaultSyntaxError } from './faults';
import * as fmt from './orca-format';
import { OrcaInputError, parseAtoms, parseOrcaInput, type OrcaInput } from './orca-input';
import { SimulationRun } from './simulation-run';
import { OutputBuffer, type SimulatorIo } from './simulator-io';

export interface SimulationRequest {
  inputPath: string;
  /** Reads ORCASTRATE_ATTEMPT and ORCASIM_CYCLE_DELAY_MS. */
  env: Readonly<Record<string, string | undefined>>;
}

/** ORCA's default %maxcore (MB per process) when the input sets none. */
export const DEFAULT_MAXCORE_MB = 4000;

/** The comment line of a geometry displaced along a normal mode (orcastrate's re-optimisation). */
const DISPLACED_XYZ = /^\s*displaced\b/i;

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
  let displacedStart = false;
  try {
    input = parseOrcaInput(text);
    if (input.geometry.kind === 'inline') {
      atoms = input.geometry.atoms;
    } else {
      const xyz = await readXyzFile(io, path.resolve(directory, input.geometry.path));
      displacedStart = DISPLACED_XYZ.test(xyz.split(/\r?\n/, 2)[1] ?? '');
      atoms = parseAtoms(xyz);
    }
  } catch (error) {
    if (!(error instanceof OrcaInputError || error instanceof FaultSyntaxError)) throw error;
    out.add(fmt.inputError(error.message));
    await out.flush();
    return 1;
  }

  const elements = atoms.map((atom) => atom.element);
  const electrons = electronCount(elements, input.charge);
  const spinProblem =
    electrons === 0 ? 'number of electrons (NEL) is zero' : spinStateProblem(electrons, input.multiplicity);
  if (spinProblem) {
    out.add(fmt.inputError(`charge ${input.charge} and multiplicity ${input.multiplicity}: ${spinProblem}`));
    await out.flush();
    return 1;
  }

  const maxcoreMb = input.maxcoreMb ?? DEFAULT_MAXCORE_MB;
  const run = new SimulationRun(io, out, input, atoms, {
    baseName,
    directory,
    electrons,
    maxcoreMb,
    started,
    delayMs: Math.max(0, Number(request.env.ORCASIM_CYCLE_DELAY_MS ?? 0) || 0),
    fault: activeFault(input.faults, {
      attempt: attemptFromEnv(request.env),
      slowConv: input.slowConv,
      maxcoreMb,
      displacedStart,
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
