import type { Config } from '../config';

/** Variables the job script's completion hook (src/schedulers/report-hook.ts) needs to reach Temporal. */
export function reportEnvironment(config: Config): Record<string, string> {
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
  };
  const tls = config.temporal.tls;
  if (tls) {
    env.TEMPORAL_TLS = 'true';
    if (tls.caPath) env.TEMPORAL_TLS_CA = tls.caPath;
    if (tls.certPath) env.TEMPORAL_TLS_CERT = tls.certPath;
    if (tls.keyPath) env.TEMPORAL_TLS_KEY = tls.keyPath;
    if (tls.serverName) env.TEMPORAL_TLS_SERVER_NAME = tls.serverName;
  }
  // the path only: the hook reads the key from the file into its request, never into the script
  if (config.temporal.apiKeyFile) {
    env.TEMPORAL_API_KEY_FILE = config.temporal.apiKeyFile;
    // said outright: with a key and no TEMPORAL_TLS, the hook's fallbacks would turn TLS on
    if (!tls) env.TEMPORAL_TLS = 'false';
  }
  return env;
}
