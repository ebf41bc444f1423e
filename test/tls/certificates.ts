/**
 * A throwaway PKI for TLS tests, made with the `openssl` CLI (argument arrays, never a shell): CAs and
 * certificates signed by them, each a PEM file in a temp directory. Only paths leave this module.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Authority {
  name: string;
  cert: string;
  key: string;
}

export interface Leaf {
  cert: string;
  key: string;
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args, { timeout: 30_000 });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`openssl ${args[0]} failed: ${stderr?.trim() || (error as Error).message}`, {
      cause: error,
    });
  }
}

/** A temp directory of PEM files; every name is one file name chosen by the test. */
export class TestPki {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-pki-'));
  private serial = 1;

  private file(name: string): string {
    return path.join(this.dir, name);
  }

  private async newKey(name: string): Promise<string> {
    const key = this.file(`${name}.key`);
    await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
    return key;
  }

  /** A self-signed CA (basicConstraints CA:TRUE, may sign certificates only). */
  async authority(name: string): Promise<Authority> {
    const key = await this.newKey(name);
    const cert = this.file(`${name}.pem`);
    const extensions = this.file(`${name}.ext`);
    writeFileSync(
      extensions,
      [
        'basicConstraints = critical, CA:TRUE',
        'keyUsage = critical, keyCertSign, cRLSign',
        'subjectKeyIdentifier = hash',
        '',
      ].join('\n'),
    );
    const csr = this.file(`${name}.csr`);
    await openssl(['req', '-new', '-key', key, '-subj', `/O=orcastrate tests/CN=${name}`, '-out', csr]);
    await openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-signkey',
      key,
      '-days',
      '2',
      '-extfile',
      extensions,
      '-set_serial',
      String(this.serial++),
      '-out',
      cert,
    ]);
    return { name, cert, key };
  }

  /** A certificate signed by `ca`: `server` for localhost (DNS and IP), `client` for mTLS clients. */
  async leaf(name: string, ca: Authority, usage: 'server' | 'client'): Promise<Leaf> {
    const key = await this.newKey(name);
    const cert = this.file(`${name}.pem`);
    const extensions = this.file(`${name}.ext`);
    writeFileSync(
      extensions,
      [
        'basicConstraints = critical, CA:FALSE',
        'keyUsage = critical, digitalSignature',
        `extendedKeyUsage = ${usage === 'server' ? 'serverAuth' : 'clientAuth'}`,
        'authorityKeyIdentifier = keyid',
        ...(usage === 'server' ? ['subjectAltName = DNS:localhost, IP:127.0.0.1'] : []),
        '',
      ].join('\n'),
    );
    const csr = this.file(`${name}.csr`);
    const commonName = usage === 'server' ? 'localhost' : name;
    await openssl(['req', '-new', '-key', key, '-subj', `/O=orcastrate tests/CN=${commonName}`, '-out', csr]);
    await openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-set_serial',
      String(this.serial++),
      '-days',
      '2',
      '-extfile',
      extensions,
      '-out',
      cert,
    ]);
    return { cert, key };
  }

  /** The key of `leaf` encrypted with a passphrase (as some sites hand them out). */
  async encryptedKey(leaf: Leaf): Promise<string> {
    const key = this.file(`${path.basename(leaf.key, '.key')}-encrypted.key`);
    await openssl(['pkey', '-in', leaf.key, '-aes256', '-passout', 'pass:orcastrate-test', '-out', key]);
    return key;
  }
}
