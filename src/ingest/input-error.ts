/**
 * The ingest input itself is wrong (the CSV, its options, the campaign it goes to): trying again
 * cannot help. `cause` is the underlying error, if any.
 */
export class IngestInputError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause instanceof Error ? { cause } : undefined);
    this.name = 'IngestInputError';
  }
}
