import type { Config } from '../config';

/** Variables the job script's completion hook needs to reach Temporal. */
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
  return env;
}
