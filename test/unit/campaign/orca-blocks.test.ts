import { parseOrcaBlocks, replaceBlocksByName } from '../../../src/campaign/orca-blocks';

const names = (text: string) => {
  const parsed = parseOrcaBlocks(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.blocks.map((block) => block.name);
};
const problem = (text: string) => {
  const parsed = parseOrcaBlocks(text);
  return parsed.ok ? undefined : parsed.problem;
};

describe('ORCA % blocks', () => {
  it('reads one-line, multi-line and nested blocks, each whole', () => {
    const text = [
      '%scf MaxIter 300 end',
      '%geom',
      '  Constraints',
      '    { B 0 1 C }   # keep the bond; "end" in a comment closes nothing',
      '  end',
      '  MaxIter 100',
      'end',
      '%basis NewGTO H "cc-pVDZ" end end',
      '%moinp "guess.gbw"',
      '%tddft NRoots=5 end',
    ].join('\n');
    const parsed = parseOrcaBlocks(text);
    expect(parsed).toEqual({
      ok: true,
      blocks: [
        { name: 'scf', text: '%scf MaxIter 300 end' },
        { name: 'geom', text: text.split('\n').slice(1, 7).join('\n') },
        { name: 'basis', text: '%basis NewGTO H "cc-pVDZ" end end' },
        { name: 'moinp', text: '%moinp "guess.gbw"' },
        { name: 'tddft', text: '%tddft NRoots=5 end' },
      ],
    });
  });

  it('reads "end" inside quotes, braces and #…# comments as no end, and names case-insensitively', () => {
    expect(names('%SCF #end# Guess MORead end\n%plots Format "end" end')).toEqual(['scf', 'plots']);
    expect(names('%geom Scan B 0 1 = 1.0, 2.0, 5 end end')).toEqual(['geom']);
    expect(names('%method RunTyp Scan end')).toEqual(['method']); // Scan opens nothing outside %geom
    expect(names('% scf MaxIter 50 end')).toEqual(['scf']);
  });

  it.each([
    ['%scf MaxIter 300', 'line 1: the %scf block is not closed by "end"'],
    [
      '%scf MaxIter 300\n%geom MaxIter 10 end',
      'line 1: the %scf block is not closed by "end" before %geom on line 2',
    ],
    [
      '%scf MaxIter 300 end end',
      'line 1: "end" closes no block (the %scf block of line 1 already ended on line 1',
    ],
    [
      '%geom Constraints { B 0 1 C } end',
      'line 1: the %geom block is not closed by "end" (the "end" on line 1 closes its Constraints)',
    ],
    [
      '%geom\n Constraints\n { B 0 1 C }',
      'line 2: Constraints in the %geom block (line 1) is not closed by "end"',
    ],
    ['MaxIter 300 end', 'line 1: "MaxIter" is outside a block'],
    ['%pal nprocs 4 end', '%pal and %maxcore follow cores and memoryMb'],
    ['%MaxCore 3000', '%pal and %maxcore follow cores and memoryMb'],
    ['%scf MaxIter 30 end\n* xyz 0 1\nH 0 0 0\n*', 'line 2: "* …": the structure comes from the CSV'],
    ['*xyzfile 0 1 mine.xyz', 'line 1: "*xyzfile …": the structure comes from the CSV'],
    ['%coords CTyp xyz Coords H 0 0 0 end end', '%coords: the structure comes from the CSV'],
    ['%base "other"', '%base renames the output files'],
    ['%compound "steps.cmp" end', '%compound runs several calculations in one job: use steps'],
    ['%scf MaxIter 3 end\n$new_job\n%geom MaxIter 3 end', 'line 2: $new_job starts another job'],
    ['! TightSCF\n%scf MaxIter 3 end', 'line 1: a "!" keyword line belongs in keywords'],
    [
      '%scf MaxIter 3 end\n%SCF Guess HCore end',
      'line 2: %SCF is already given on line 1: put its settings in one block',
    ],
    ['%moinp', 'line 1: %moinp needs its value on the same line'],
    ['%1scf end', 'line 1: "%1scf" is not an ORCA block name'],
    ['%scf Guess "x end', 'line 1: a quoted string is not closed by "'],
    ['%geom Constraints { B 0 1 C end end', 'line 1: a "{" group is not closed by }'],
    ['%scf\0 end', 'must not contain NUL'],
  ])('refuses %j: %s', (text, message) => {
    expect(problem(text)).toContain(message);
  });

  it('merges two levels by block name: the override replaces in place, new names are added after', () => {
    const base = [
      { name: 'scf', text: '%scf MaxIter 300 end' },
      { name: 'geom', text: '%geom MaxIter 50 end' },
    ];
    const overrides = [
      { name: 'cpcm', text: '%cpcm epsilon 80 end' },
      { name: 'scf', text: '%scf MaxIter 900 end' },
    ];
    expect(replaceBlocksByName(base, overrides).map((block) => block.text)).toEqual([
      '%scf MaxIter 900 end',
      '%geom MaxIter 50 end',
      '%cpcm epsilon 80 end',
    ]);
  });
});
