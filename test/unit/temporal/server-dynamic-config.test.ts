import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { devServerArgs } from '../../../src/dev-server';
import { REPO_ROOT } from '../../../src/paths';
import { SERVER_DYNAMIC_CONFIG } from '../../../src/temporal/server-dynamic-config';

const PRODUCTION_DYNAMIC_CONFIG = path.join(
  REPO_ROOT,
  'deploy/temporal/config/dynamicconfig/orcastrate.yaml',
);

function dynamicConfigValues(args: string[]): Map<string, string> {
  const values = new Map<string, string>();
  args.forEach((arg, i) => {
    if (arg !== '--dynamic-config-value') return;
    const [key, value] = args[i + 1]!.split(/=(.*)/s);
    values.set(key!, value!);
  });
  return values;
}

const options = { cli: 'temporal', port: 7233, dbFile: '/tmp/x.sqlite', logFile: '/tmp/x.log' };

describe("the Temporal server's dynamic configuration orcastrate asks for", () => {
  it('turns on the matcher that honours activity priority on the dev server', () => {
    expect(dynamicConfigValues(devServerArgs(options)).get('matching.useNewMatcher')).toBe('true');
  });

  it("adds a test's own values to orcastrate's and lets them override, each key once", () => {
    const args = devServerArgs({
      ...options,
      dynamicConfig: { 'limit.numPendingChildExecutions.error': 3, 'matching.useNewMatcher': false },
    });
    const values = dynamicConfigValues(args);
    expect(values.get('limit.numPendingChildExecutions.error')).toBe('3');
    expect(values.get('matching.useNewMatcher')).toBe('false');
    expect(args.filter((arg) => arg.startsWith('matching.useNewMatcher='))).toHaveLength(1);
  });

  it("gives the production server's dynamic config file the same keys and values", () => {
    const file = load(readFileSync(PRODUCTION_DYNAMIC_CONFIG, 'utf8')) as Record<
      string,
      { value: unknown }[]
    >;
    for (const [key, value] of Object.entries(SERVER_DYNAMIC_CONFIG)) {
      expect({ key, values: file[key]?.map((entry) => entry.value) }).toEqual({ key, values: [value] });
    }
  });
});
