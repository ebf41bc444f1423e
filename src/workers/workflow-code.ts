import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';

/** Where `npm run build` writes the prebuilt workflow bundle. */
export const WORKFLOW_BUNDLE_PATH = path.resolve(__dirname, '../../dist/workflow-bundle.js');
export const WORKFLOWS_PATH = require.resolve('../workflows');

/** Prefer the prebuilt bundle (fast start); fall back to bundling the sources at start-up. */
export function workflowCodeOptions(
  bundlePath = WORKFLOW_BUNDLE_PATH,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  return existsSync(bundlePath)
    ? { workflowBundle: { codePath: bundlePath } }
    : { workflowsPath: WORKFLOWS_PATH };
}
