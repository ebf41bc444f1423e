import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { CONFIG_VARIABLES } from '../../src/config';
import { TUNING_SETTINGS } from '../../src/workers/tuning';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { query } from '../campaign/support';
import { SERVER_ARGS } from '../harness/production-server';

// docker-compose.yml cannot run here (no Docker engine), so this test holds it to what CI does run:
// the production stack (scripts/stack-production.sh) and the test harness (test/harness/production-server.ts).
interface Service {
  image?: string;
  entrypoint?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
}
const compose = load(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
};
const service = (name: string): Service => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};
const read = (file: string): string => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const shellVersion = (name: string): string => {
  const match = new RegExp(`^${name}="v([0-9.]+)"$`, 'm').exec(read('scripts/lib.sh'));
  if (!match) throw new Error(`scripts/lib.sh sets no ${name}`);
  return match[1]!;
};
/** Variables a config template reads with `env "NAME"`, or a shell script with ${NAME...}. */
const templateVariables = (file: string): Set<string> =>
  new Set([...read(file).matchAll(/env "([A-Z0-9_]+)"/g)].map((m) => m[1]!));
const scriptVariables = (file: string): Set<string> =>
  new Set([...read(file).matchAll(/\$\{([A-Z0-9_]+)[:}]/g)].map((m) => m[1]!));
const keysOf = (name: string): string[] => Object.keys(service(name).environment ?? {});
/** The container path a host folder of the checkout is mounted at. */
const mountOf = (name: string, hostFolder: string): string => {
  const volume = (service(name).volumes ?? []).find((v) => v.startsWith(`./${hostFolder}:`));
  if (!volume) throw new Error(`service ${name} does not mount ./${hostFolder}`);
  return volume.split(':')[1]!;
};

describe('docker-compose.yml runs what CI runs', () => {
  const server = shellVersion('TEMPORAL_SERVER_VERSION');
  const ui = shellVersion('TEMPORAL_UI_VERSION');

  it('pins every image, with the server and Web UI versions the stack builds', async () => {
    for (const [name, { image }] of Object.entries(compose.services)) {
      if (image === undefined) continue; // built from the Dockerfile
      expect({ name, image }).toEqual({
        name,
        image: expect.stringMatching(/^[a-z/-]+:\d+(\.\d+)+$/) as string,
      });
    }
    expect(service('temporal').image).toBe(`temporalio/server:${server}`);
    expect(service('temporal-schema').image).toBe(`temporalio/admin-tools:${server}`);
    expect(service('temporal-namespace').image).toBe(`temporalio/admin-tools:${server}`);
    expect(service('temporal-ui').image).toBe(`temporalio/ui:${ui}`);
    const rows = await query<{ server_version: string }>('SHOW server_version');
    const localMajor = rows[0]!.server_version.split('.')[0];
    expect(service('postgres').image!.split(':')[1]!.split('.')[0]).toBe(localMajor);
  });

  it('starts the server with the stack command line and config files', () => {
    const root = mountOf('temporal', 'deploy/temporal');
    const stackArgs = SERVER_ARGS.map((arg) =>
      arg === path.join(REPO_ROOT, 'deploy/temporal') ? root : arg,
    );
    expect(service('temporal').entrypoint).toEqual(['temporal-server', ...stackArgs]);
    expect(read('scripts/stack-production.sh')).toContain(
      '--root $ROOT/deploy/temporal --config config --env orcastrate',
    );
    expect(service('temporal').environment?.TEMPORAL_DYNAMIC_CONFIG_FILE).toBe(
      `${root}/config/dynamicconfig/orcastrate.yaml`,
    );
  });

  it('applies the schema and creates the namespace with the scripts the stack runs', () => {
    expect(service('temporal-schema').entrypoint).toEqual([
      'bash',
      `${mountOf('temporal-schema', 'deploy/temporal')}/setup-schema.sh`,
    ]);
    expect(service('temporal-namespace').entrypoint).toEqual([
      'bash',
      `${mountOf('temporal-namespace', 'deploy/temporal')}/create-namespace.sh`,
    ]);
    const stack = read('scripts/stack-production.sh');
    expect(stack).toContain('deploy/temporal/setup-schema.sh');
    expect(stack).toContain('deploy/temporal/create-namespace.sh');
  });

  it('sets only variables the server config, the scripts, the Web UI and src/config.ts read', () => {
    const serverReads = templateVariables('deploy/temporal/config/orcastrate.yaml');
    const schemaReads = scriptVariables('deploy/temporal/setup-schema.sh');
    const namespaceReads = scriptVariables('deploy/temporal/create-namespace.sh');
    const uiReads = templateVariables('deploy/temporal-ui/config/orcastrate.yaml');
    const unread = (keys: string[], reads: Set<string>) => keys.filter((key) => !reads.has(key));
    expect(unread(keysOf('temporal'), serverReads)).toEqual([]);
    expect(unread(keysOf('temporal-schema'), schemaReads)).toEqual([]);
    expect(unread(keysOf('temporal-namespace'), namespaceReads)).toEqual([]);
    expect(unread(keysOf('temporal-ui'), uiReads)).toEqual([]);
    const workerReads = [
      ...CONFIG_VARIABLES,
      ...Object.values(TUNING_SETTINGS).map((setting) => setting.variable),
    ];
    expect(unread(keysOf('worker'), new Set(workerReads))).toEqual([]);
    // the Web UI's TLS settings are orcastrate's own (src/config.ts), so one set of variables serves both
    expect(
      [...uiReads].filter((v) => v.startsWith('TEMPORAL_TLS')).every((v) => CONFIG_VARIABLES.includes(v)),
    ).toBe(true);
  });

  it('documents every variable the server config and scripts read', () => {
    const documented = read('deploy/temporal/README.md');
    const all = [
      ...templateVariables('deploy/temporal/config/orcastrate.yaml'),
      ...scriptVariables('deploy/temporal/setup-schema.sh'),
      ...scriptVariables('deploy/temporal/create-namespace.sh'),
      ...templateVariables('deploy/temporal-ui/config/orcastrate.yaml'),
    ];
    expect([...new Set(all)].filter((variable) => !documented.includes(`\`${variable}\``))).toEqual([]);
  });
});
