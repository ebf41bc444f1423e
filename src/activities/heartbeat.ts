import { Context } from '@temporalio/activity';

/** How often a running activity tells the server its worker is alive. */
export const HEARTBEAT_EVERY_MS = 5_000;

/**
 * Wraps every activity so it heartbeats while it runs. The workflows give their activities a short
 * heartbeat timeout: when a worker is killed, its in-flight activities are retried elsewhere after
 * that timeout instead of after their whole start-to-close timeout (up to 15 minutes). Outside an
 * activity (a plain function call) nothing changes.
 */
export function withHeartbeats<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  activities: T,
  everyMs = HEARTBEAT_EVERY_MS,
): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      let context: Context | undefined;
      try {
        context = Context.current();
      } catch {
        context = undefined;
      }
      // a local activity has no heartbeat: it runs inside its workflow task, on this worker
      if (!context || context.info.isLocal) return fn(...args);
      const alive = context;
      alive.heartbeat();
      const timer = setInterval(() => alive.heartbeat(), everyMs);
      try {
        return await fn(...args);
      } finally {
        clearInterval(timer);
      }
    };
  }
  return wrapped as T;
}
