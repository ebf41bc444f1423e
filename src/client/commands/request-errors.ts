import { InvalidInputError } from '../../campaign/input';
import { CampaignNotFoundError, InvalidRequestError } from '../campaign-errors';

/**
 * Prints an error the user can act on and sets the exit code: 2 for a request that can never be
 * right (bad id, status, limit or input), 1 for an unknown campaign. False for anything else.
 */
export function reportRequestError(error: unknown): boolean {
  if (error instanceof InvalidRequestError || error instanceof InvalidInputError) {
    console.error(`orcastrate: ${error.message}`);
    process.exitCode = 2;
    return true;
  }
  if (error instanceof CampaignNotFoundError) {
    console.error(`orcastrate: ${error.message}`);
    process.exitCode = 1;
    return true;
  }
  return false;
}
