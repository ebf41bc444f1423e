/**
 * Seeds and run counts for the property tests. `npm test` runs every property with its own fixed
 * seed, so the suite passes or fails the same way each time; `npm run test:fuzz` sets FUZZ_SEED
 * (random unless given) and FUZZ_RUNS to search further. Each property prints what it used, and the
 * same FUZZ_SEED and FUZZ_RUNS replay a failure exactly.
 */
export interface FuzzParameters {
  seed: number;
  numRuns: number;
}

export function fuzzParameters(
  name: string,
  defaults: FuzzParameters & {
    /** For properties whose runs are slow or share one running campaign: FUZZ_RUNS is capped. */
    maxRuns?: number;
  },
): FuzzParameters {
  const seed = integerFromEnv('FUZZ_SEED') ?? defaults.seed;
  const wanted = integerFromEnv('FUZZ_RUNS') ?? defaults.numRuns;
  if (wanted < 1) throw new Error(`FUZZ_RUNS must be at least 1, not ${wanted}`);
  const numRuns = Math.min(wanted, defaults.maxRuns ?? wanted);
  const capped = numRuns < wanted ? ` (FUZZ_RUNS capped at ${numRuns})` : '';
  console.log(
    `[fuzz] ${name}: seed ${seed}, ${numRuns} runs${capped}; replay with FUZZ_SEED=${seed} FUZZ_RUNS=${wanted}`,
  );
  return { seed, numRuns };
}

function integerFromEnv(variable: string): number | undefined {
  const text = process.env[variable]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new Error(`${variable} must be an integer, not ${JSON.stringify(text)}`);
  return value;
}
