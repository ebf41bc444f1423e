import { InvalidJobSpecError } from './errors';

/**
 * Quotes a value for a POSIX shell: inside single quotes nothing is special except the quote itself,
 * which is closed, escaped and reopened. NUL cannot be represented in a shell word and is refused.
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new InvalidJobSpecError('shell values must not contain NUL bytes');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function assertEnvName(name: string): void {
  if (!ENV_NAME.test(name)) {
    throw new InvalidJobSpecError(`environment variable name ${JSON.stringify(name)} is not valid`);
  }
}
