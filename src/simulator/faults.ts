/**
 * Scripted failures for demos and tests, written as comment lines in the ORCA input:
 *   # orcasim-fault: <kind> [attempts=N] [need=MB]
 * A fault fires while ORCASTRATE_ATTEMPT ≤ attempts (no `attempts` = every attempt), unless healed:
 * `scf-not-converged` by a SlowConv/VerySlowConv keyword, `memory` by %maxcore ≥ need,
 * `imaginary-mode` (a frequency job reports its softest vibration as imaginary) by a run that starts
 * from a geometry displaced along a mode (its XYZ comment line begins with `displaced`), as a
 * re-optimisation from a saddle point displaced along the imaginary mode would; `heals=no` keeps any
 * fault from healing (a saddle point that a displacement does not escape).
 */

export const FAULT_KINDS = [
  'scf-not-converged',
  'error-termination',
  'hang',
  'memory',
  'imaginary-mode',
  'none',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  kind: FaultKind;
  /** Fires on attempts 1…attempts; Infinity when not given. */
  attempts: number;
  /** For `memory`: the %maxcore (MB) that heals it. */
  needMb?: number;
  /** `heals=no`: fires whatever the input does about it. */
  healable?: boolean;
}

export class FaultSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSyntaxError';
  }
}

const FAULT_COMMENT = /^\s*#\s*orcasim-fault\s*:(.*)$/i;

/** The fault text of a comment line (`scf-not-converged attempts=2`), or undefined for other lines. */
export function faultTextOfLine(line: string): string | undefined {
  return FAULT_COMMENT.exec(line)?.[1]?.trim();
}

/** Parses `<kind> [attempts=N] [need=MB]`, the text after `orcasim-fault:`. */
export function parseFaultSpec(text: string): FaultSpec {
  const [kindText = '', ...options] = text.trim().split(/\s+/);
  const kind = FAULT_KINDS.find((k) => k === kindText.toLowerCase());
  if (!kind)
    throw new FaultSyntaxError(`unknown orcasim fault "${kindText}" (known: ${FAULT_KINDS.join(', ')})`);
  const spec: FaultSpec = { kind, attempts: Infinity };
  for (const option of options) {
    const heals = /^heals=(yes|no)$/i.exec(option);
    if (heals) {
      spec.healable = heals[1]!.toLowerCase() === 'yes';
      continue;
    }
    const match = /^(attempts|need)=(\d+)$/i.exec(option);
    if (!match)
      throw new FaultSyntaxError(
        `bad orcasim fault option "${option}" (expected attempts=N, need=MB or heals=no)`,
      );
    if (match[1]!.toLowerCase() === 'attempts') spec.attempts = Number(match[2]);
    else spec.needMb = Number(match[2]);
  }
  return spec;
}

export interface FaultContext {
  attempt: number;
  slowConv: boolean;
  maxcoreMb: number;
  /** The geometry was displaced along a normal mode (a re-optimisation off a saddle point). */
  displacedStart?: boolean;
}

/** The first fault that fires in this run, if any. */
export function activeFault(faults: readonly FaultSpec[], context: FaultContext): FaultSpec | undefined {
  return faults.find((fault) => {
    if (fault.kind === 'none' || context.attempt > fault.attempts) return false;
    if (fault.healable === false) return true;
    if (fault.kind === 'scf-not-converged' && context.slowConv) return false;
    if (fault.kind === 'imaginary-mode' && context.displacedStart) return false;
    if (fault.kind === 'memory' && fault.needMb !== undefined && context.maxcoreMb >= fault.needMb)
      return false;
    return true;
  });
}

/** ORCASTRATE_ATTEMPT as a positive integer (default 1). */
export function attemptFromEnv(env: Readonly<Record<string, string | undefined>>): number {
  const value = Number(env.ORCASTRATE_ATTEMPT ?? '1');
  return Number.isInteger(value) && value >= 1 ? value : 1;
}
