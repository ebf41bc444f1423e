import * as path from 'node:path';

/** The checkout orcastrate runs from (dist/ and src/ both sit one level below it). */
export const REPO_ROOT = path.resolve(__dirname, '..');
/** The CLI job scripts call for their completion report. */
export const ORCASTRATE_BIN = path.join(REPO_ROOT, 'bin/orcastrate');
/** Our ORCA simulator, for demos and tests. */
export const ORCASIM_BIN = path.join(REPO_ROOT, 'bin/orcasim');
