import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../schedulers/atomic-file';
import { isCommitteeModel, type CommitteeModel } from './committee';
import { engineRequestSchema, type EngineRequest, type EngineRole } from './engine-contract';
import { generate, infer, select, train } from './engines/builtin';
import { formatExtxyz, parseExtxyz, type Structure } from './extxyz';

/**
 * The built-in engines as a command: `node engine-cli.js <role> <request.json>`. The same file
 * contract any external engine (pacemaker, LAMMPS, …) wrapped for orcastrate must honour.
 */
export async function main(argv: string[]): Promise<number> {
  const [role, requestPath] = argv.slice(2);
  if (!role || !requestPath) {
    console.error('usage: engine-cli <generator|trainer|inference|selector> <request.json>');
    return 2;
  }
  const request = engineRequestSchema.parse(JSON.parse(await readFile(requestPath, 'utf8')));
  if (request.role !== role) {
    console.error(`the request is for the ${request.role}, not the ${role}`);
    return 2;
  }
  const metrics = await run(request.role, request);
  // Written last, after the role's own outputs, as before.
  writeFileAtomic(need(request.outputs, 'metrics'), JSON.stringify(metrics, null, 2));
  return 0;
}

/** Runs the role's engine and writes its own outputs; returns the metrics for the caller to write. */
async function run(role: EngineRole, request: EngineRequest): Promise<unknown> {
  const { inputs, outputs, options, seed, generation } = request;
  switch (role) {
    case 'generator': {
      const result = generate({
        generation,
        seed,
        options,
        selection: inputs.selection ? await readStructures(inputs.selection) : undefined,
        model: inputs.model ? await readModel(inputs.model) : undefined,
      });
      writeFileAtomic(need(outputs, 'candidates'), formatExtxyz(result.candidates));
      if (outputs.holdout) writeFileAtomic(outputs.holdout, formatExtxyz(result.holdout ?? []));
      return result.metrics;
    }
    case 'trainer': {
      const result = train({
        seed,
        options,
        dataset: await readStructures(need(inputs, 'dataset')),
        holdout: inputs.holdout ? await readStructures(inputs.holdout) : [],
      });
      const pause = Number(options.pauseSeconds ?? 0);
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause * 1000));
      writeFileAtomic(need(outputs, 'model'), JSON.stringify(result.model));
      return result.metrics;
    }
    case 'inference': {
      const { samples, metrics } = infer({
        seed,
        options,
        generation,
        model: await readModel(need(inputs, 'model')),
        dataset: await readStructures(need(inputs, 'dataset')),
      });
      writeFileAtomic(need(outputs, 'samples'), formatExtxyz(samples));
      return metrics;
    }
    case 'selector': {
      const { selected, metrics } = select({
        options,
        generation,
        samples: await readStructures(need(inputs, 'samples')),
      });
      writeFileAtomic(need(outputs, 'selected'), formatExtxyz(selected));
      return metrics;
    }
  }
}

function need(files: Record<string, string>, key: string): string {
  const value = files[key];
  if (!value) throw new Error(`the request names no "${key}" file`);
  return value;
}

async function readStructures(file: string): Promise<Structure[]> {
  return parseExtxyz(await readFile(file, 'utf8'));
}

async function readModel(file: string): Promise<CommitteeModel> {
  const model: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isCommitteeModel(model)) throw new Error(`${file} is not a built-in committee model`);
  return model;
}

if (require.main === module) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exitCode = 1;
    },
  );
}
