import { isIP } from 'node:net';
import * as tls from 'node:tls';
import type { TLSConfig } from '@temporalio/client';
import type { Config } from '../config';

/**
 * Why a connection to Temporal failed, when TLS is the reason. The SDKs say "transport error: broken
 * pipe", "operation was canceled" or "Failed to connect before the deadline" for a missing client
 * certificate, a plaintext client on a TLS port or a certificate the server does not trust. One TLS
 * handshake with the same settings gets the server's actual answer (a TLS alert, a verification
 * error), which is put in words naming the variable(s) to change.
 */

/** What one handshake showed. */
type Handshake =
  | { kind: 'accepted' }
  | { kind: 'unreachable' }
  | { kind: 'not-tls' }
  | { kind: 'server-certificate'; code: string; message: string }
  | { kind: 'alert'; alert: string }
  | { kind: 'other'; message: string };

const CONNECT_TIMEOUT_MS = 4_000;
/** After the client's side of a TLS 1.3 handshake, how long to wait for the server's verdict. */
const VERDICT_WINDOW_MS = 1_500;
const NOT_TLS_CODES = [
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_RECORD_TOO_LARGE',
];
const UNREACHABLE_CODES = [
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
];

function hostAndPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(at + 1)) };
}

function classify(error: NodeJS.ErrnoException, secure: boolean): Handshake {
  const code = error.code ?? '';
  const alert = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(.+)$/.exec(code);
  if (alert?.[1]) return { kind: 'alert', alert: alert[1].toLowerCase().replace(/_/g, ' ') };
  if (NOT_TLS_CODES.includes(code)) return { kind: 'not-tls' };
  if (UNREACHABLE_CODES.includes(code)) return { kind: 'unreachable' };
  // a server that is not TLS may just hang up on a ClientHello
  if (!secure && (code === 'ECONNRESET' || /socket disconnected/i.test(error.message)))
    return { kind: 'not-tls' };
  // OpenSSL's verification codes (UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_HAS_EXPIRED, ...) and the name
  // check; errno codes all start with E
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || (!secure && /^[A-DF-Z][A-Z_]+$/.test(code))) {
    return { kind: 'server-certificate', code, message: error.message };
  }
  return { kind: 'other', message: error.message };
}

/** One TLS handshake (ALPN h2, as gRPC), resolved with what the server answered; never throws. */
function handshake(address: string, options: tls.ConnectionOptions): Promise<Handshake> {
  const { host, port } = hostAndPort(address);
  return new Promise((resolve) => {
    let secure = false;
    let done = false;
    let socket: tls.TLSSocket;
    const timers: NodeJS.Timeout[] = [];
    const finish = (result: Handshake) => {
      if (done) return;
      done = true;
      timers.forEach(clearTimeout);
      socket.destroy();
      resolve(result);
    };
    try {
      socket = tls.connect({ host, port, ALPNProtocols: ['h2'], ...options });
    } catch (error) {
      resolve({ kind: 'other', message: (error as Error).message });
      return;
    }
    timers.push(
      setTimeout(() => finish(secure ? { kind: 'accepted' } : { kind: 'unreachable' }), CONNECT_TIMEOUT_MS),
    );
    socket.once('secureConnect', () => {
      secure = true;
      // TLS 1.3: the server checks the client's certificate after this point and answers with an alert
      timers.push(setTimeout(() => finish({ kind: 'accepted' }), VERDICT_WINDOW_MS));
    });
    socket.once('data', () => finish({ kind: 'accepted' })); // the server's HTTP/2 settings: all good
    // `on`, not `once`: a later error with no listener would crash the process
    socket.on('error', (error: NodeJS.ErrnoException) => finish(classify(error, secure)));
    socket.once('close', () => finish(secure ? { kind: 'accepted' } : { kind: 'not-tls' }));
  });
}

function describePlaintext(result: Handshake): string | undefined {
  if (result.kind === 'accepted' || result.kind === 'server-certificate' || result.kind === 'alert') {
    const mtls = result.kind === 'alert' && result.alert === 'certificate required';
    return (
      'the server speaks TLS but orcastrate connected in plaintext: set TEMPORAL_TLS=true, ' +
      'TEMPORAL_TLS_CA to the CA of its certificate if that is a private CA' +
      (mtls
        ? ', and TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY: it requires a client certificate (mTLS)'
        : ', and TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY if it requires client certificates')
    );
  }
  return undefined;
}

function describeServerCertificate(
  result: { code: string; message: string },
  tlsConfig: NonNullable<Config['temporal']['tls']>,
  host: string,
): string {
  if (result.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const name = tlsConfig.serverName ?? host;
    const which = tlsConfig.serverName
      ? `TEMPORAL_TLS_SERVER_NAME=${name}`
      : `the host of TEMPORAL_ADDRESS (${name})`;
    return `the server's certificate is not valid for ${which} (${result.message}): set TEMPORAL_TLS_SERVER_NAME to a name it holds`;
  }
  if (result.code === 'CERT_HAS_EXPIRED') return `the server's certificate has expired (${result.code})`;
  if (result.code === 'CERT_NOT_YET_VALID')
    return `the server's certificate is not valid yet (${result.code})`;
  return tlsConfig.caPath
    ? `the server's certificate is not signed by the CA in TEMPORAL_TLS_CA=${JSON.stringify(tlsConfig.caPath)} (${result.code}): set it to the CA that signed the server's certificate`
    : `the server's certificate is not signed by a CA this machine trusts (${result.code}): set TEMPORAL_TLS_CA to the CA that signed it`;
}

function describeAlert(alert: string, tlsConfig: NonNullable<Config['temporal']['tls']>): string {
  const cert = tlsConfig.certPath;
  if (!cert) {
    return `the server requires a client certificate (mTLS; TLS alert: ${alert}): set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY to a certificate signed by a CA the server trusts for clients, and its key`;
  }
  const variable = `TEMPORAL_TLS_CERT=${JSON.stringify(cert)}`;
  if (alert === 'unknown ca' || alert === 'bad certificate' || alert === 'certificate unknown') {
    return `the server refused the client certificate ${variable} (TLS alert: ${alert}): it is not signed by a CA the server trusts for clients`;
  }
  if (alert === 'certificate expired')
    return `the server refused the client certificate ${variable}: it has expired`;
  return `the server refused the TLS handshake with the client certificate ${variable} (TLS alert: ${alert})`;
}

/**
 * The TLS reason a connection to `config.temporal.address` failed, in words naming the variables, or
 * undefined when a handshake shows nothing wrong with TLS (or the server cannot be reached at all).
 * `material`: the certificate contents already read by tlsOptions.
 */
export async function diagnoseTls(
  config: Config,
  material: TLSConfig | undefined,
): Promise<string | undefined> {
  const { address, tls: tlsConfig } = config.temporal;
  const { host } = hostAndPort(address);
  if (!tlsConfig) return describePlaintext(await handshake(address, { rejectUnauthorized: false }));
  // Node refuses an IP address as SNI name and checks an IP host against the certificate's IP names
  const serverName = tlsConfig.serverName ?? (isIP(host) ? undefined : host);
  const result = await handshake(address, {
    ca: buffer(material?.serverRootCACertificate),
    cert: buffer(material?.clientCertPair?.crt),
    key: buffer(material?.clientCertPair?.key),
    ...(serverName ? { servername: serverName } : {}),
  });
  switch (result.kind) {
    case 'not-tls':
      return 'the server does not speak TLS there: unset TEMPORAL_TLS, TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY, or set TEMPORAL_ADDRESS to its TLS port';
    case 'server-certificate':
      return describeServerCertificate(result, tlsConfig, host);
    case 'alert':
      return describeAlert(result.alert, tlsConfig);
    default:
      return undefined;
  }
}

function buffer(bytes: Uint8Array | undefined): Buffer | undefined {
  return bytes ? Buffer.from(bytes) : undefined;
}
