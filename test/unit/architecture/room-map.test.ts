import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SRC } from './source-files';

/** Every folder under src/ (`src/db`, `src/client/commands`, …) and every file directly in src/. */
function rooms(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return [path.relative(path.dirname(SRC), full), ...rooms(full)];
    });
}
const topLevelFiles = readdirSync(SRC).filter((name) => name.endsWith('.ts'));

// Being split in parallel changes: their index.ts gets its room comment there.
const indexOf = (room: string) => path.join(SRC, '..', room, 'index.ts');
const openingLines = (room: string) => readFileSync(indexOf(room), 'utf8').split('\n').slice(0, 3);

function architectureTable(): string[] {
  const readme = readFileSync(path.join(SRC, '../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Architecture'));
  const rows = section.slice(0, section.indexOf('\n## ')).split('\n');
  return rows.filter((row) => row.startsWith('| `')).map((row) => row.split('|')[1] ?? '');
}

describe('the map of src/', () => {
  it('finds the rooms and the top-level files', () => {
    expect(rooms()).toEqual(expect.arrayContaining(['src/db', 'src/client/commands']));
    expect(topLevelFiles).toContain('config.ts');
  });

  it('gives every room an index.ts opening with two lines: what it is for, what it may import', () => {
    expect(rooms().filter((room) => !existsSync(indexOf(room)))).toEqual([]);
    const unmarked = rooms().filter((room) => {
      const [purpose = '', imports = '', next = ''] = openingLines(room);
      return !/^\/\/ \S/.test(purpose) || !/^\/\/ .*import/i.test(imports) || next.startsWith('//');
    });
    expect(unmarked).toEqual([]);
  });

  it('has one README architecture row per room and top-level file, and none for anything else', () => {
    const named = architectureTable().flatMap((cell) =>
      [...cell.matchAll(/`(src\/[^`]+)`/g)].map((m) => m[1]),
    );
    const expected = [...rooms(), ...topLevelFiles.map((name) => `src/${name}`)];
    expect([...named].sort()).toEqual([...expected].sort());
  });
});
