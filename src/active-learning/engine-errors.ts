/** Why an engine run failed; the active-learning workflow lists the permanent ones as non-retryable. */
export type EngineFailureType =
  'EngineInputMissing' | 'EngineNotBuilt' | 'EngineFailed' | 'EngineOutputMissing' | 'EngineOutputInvalid';

const PERMANENT: ReadonlySet<EngineFailureType> = new Set(['EngineInputMissing', 'EngineNotBuilt']);

export class EngineError extends Error {
  override readonly name = 'EngineError';

  constructor(
    readonly type: EngineFailureType,
    message: string,
  ) {
    super(message);
  }

  /** False when running the engine again cannot help (a missing input, unbuilt engines). */
  get retryable(): boolean {
    return !PERMANENT.has(this.type);
  }
}
