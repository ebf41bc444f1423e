import { CCLIB_OUTPUTS } from './cclib-outputs';
import { CHEMSMART_OUTPUTS } from './chemsmart-outputs';
import { OACT_UTILS_OUTPUTS } from './oact-utils-outputs';
import { OTHER_PROJECT_OUTPUTS } from './other-project-outputs';
import type { OutputExpectation } from './output-expectation';

export type { OutputExpectation } from './output-expectation';
export * from './small-files';

export const OUTPUT_EXPECTATIONS: Record<string, OutputExpectation> = {
  ...OACT_UTILS_OUTPUTS,
  ...CCLIB_OUTPUTS,
  ...CHEMSMART_OUTPUTS,
  ...OTHER_PROJECT_OUTPUTS,
};
