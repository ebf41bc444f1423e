import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pwdCli } from '../client/pwd-support';
import { assertBuilt } from '../harness/processes';
import { changed, twoSteps } from './pwd-graphs';

describe('orcastrate pwd import and export: bad files and requests exit 2 with nothing on stdout', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-pwd-adv-'));
  const file = (name: string, text: string) => {
    const at = path.join(dir, name);
    writeFileSync(at, text);
    return at;
  };
  beforeAll(assertBuilt);

  it.each<[string, () => string[], RegExp]>([
    [
      'a workflow that is not JSON',
      () => ['import', file('broken.json', '{"nodes": [')],
      /broken\.json is not JSON/,
    ],
    [
      'a workflow file that does not exist',
      () => ['import', path.join(dir, 'nothing.json')],
      /cannot read .*nothing\.json/,
    ],
    [
      'a graph with an unknown function',
      () => [
        'import',
        file('qe.json', JSON.stringify(changed((g) => (g.nodes[1]!.value = 'workflow.calculate_qe')))),
      ],
      /qe\.json: node 1 \(workflow\.calculate_qe\): unknown function/,
    ],
    [
      'extensions that are not JSON',
      () => [
        'import',
        file('ok.json', JSON.stringify(twoSteps())),
        '--extensions',
        file('ext.json', 'steps:'),
      ],
      /ext\.json is not JSON/,
    ],
    [
      'a campaign input the steps do not fit (--into)',
      () => [
        'import',
        file('fit.json', JSON.stringify(twoSteps())),
        '--into',
        file('base.json', '{"orca": {}}'),
      ],
      /orca\.executable: Invalid input: expected string, received undefined/,
    ],
    [
      'an export input with a dependency cycle',
      () => [
        'export',
        '--input',
        file(
          'cycle.json',
          JSON.stringify({
            orca: { executable: '/opt/orca/orca' },
            steps: [
              { name: 'a', keywords: '! PBE', dependsOn: ['b'] },
              { name: 'b', keywords: '! PBE', dependsOn: ['a'] },
            ],
          }),
        ),
        '--extensions',
        path.join(dir, 'never.json'),
      ],
      /steps\.0\.dependsOn: cycle: a → b → a/,
    ],
    [
      'an export of both a campaign and --input',
      () => ['export', 'c1', '--input', 'x.json'],
      /give a campaign id or --input FILE/,
    ],
    ['an export of nothing', () => ['export'], /give a campaign id or --input FILE/],
    [
      'an extensions file that cannot be written',
      () => [
        'export',
        '--input',
        file('fine.json', JSON.stringify({ orca: { executable: '/opt/orca/orca', keywords: '! PBE' } })),
        '--extensions',
        path.join(dir, 'no-such-dir', 'x.json'),
      ],
      /cannot write .*no-such-dir\/x\.json/,
    ],
    [
      'an export of a campaign id unfit for ids',
      () => ['export', '../etc'],
      /campaign id "\.\.\/etc": letters, digits/,
    ],
  ])('%s', async (_what, args, message) => {
    const result = await pwdCli(args(), dir);
    expect(result.stderr).toMatch(message);
    expect(result).toMatchObject({ code: 2, stdout: '' });
  });
});
