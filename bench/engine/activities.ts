import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';

/**
 * The bare job's one activity: does nothing, then — like the job script's completion hook after a
 * submit — has `signalsAfter` signals sent to its workflow from outside it, once it has returned.
 */
/**
 * Our job runs between its submit and its report, so the report arrives in a workflow task of its own:
 * the bare job's signals come this long after the activity returned.
 */
const HOOK_DELAY_MS = 500;

export function createBareActivities(client: Client) {
  return {
    /** `sinkWorkflowId`: the activity signals the sink itself, as our concludeAttempt tells the campaign. */
    async step(signalsAfter: number, sinkWorkflowId?: string): Promise<void> {
      if (sinkWorkflowId !== undefined) {
        await client.workflow
          .getHandle(sinkWorkflowId)
          .signal('bareJobFinished')
          .catch(() => undefined); // a run capped and terminated meanwhile
      }
      const workflowId = Context.current().info.workflowExecution?.workflowId;
      if (workflowId === undefined) return Promise.resolve(); // not run by a workflow
      for (let i = 0; i < signalsAfter; i++) {
        setTimeout(() => {
          client.workflow
            .getHandle(workflowId)
            .signal('bareReport')
            .catch(() => undefined); // a run capped and terminated meanwhile
        }, HOOK_DELAY_MS);
      }
      return Promise.resolve();
    },
  };
}
export type BareActivities = ReturnType<typeof createBareActivities>;
