import { statSync } from 'node:fs';
import { parseFile, type OrcaProperties, type ParsedFile } from '../../../src/orca';
import { OUTPUT_EXPECTATIONS } from './fixture-expectations';
import { ELECTRONIC_EXPECTATIONS } from './fixture-expectations/electronic-properties';
import { VIBRATIONAL_EXPECTATIONS } from './fixture-expectations/vibrational-properties';
import { fixture, OUTPUTS } from './fixture-paths';

const parsed = new Map<string, ParsedFile>();

async function propertiesOf(relative: string): Promise<OrcaProperties> {
  if (!parsed.has(relative)) {
    const file = fixture(relative);
    parsed.set(relative, await parseFile(file, { now: statSync(file).mtimeMs + 60_000 }));
  }
  const result = parsed.get(relative)!;
  if (result.kind !== 'output') throw new Error(`${relative} is not an output`);
  return result.metrics.properties;
}

describe('frequencies and thermochemistry', () => {
  it.each(Object.entries(VIBRATIONAL_EXPECTATIONS))('%s', async (relative, expected) => {
    const properties = await propertiesOf(relative);
    expect(properties.frequencies).toEqual(expected.frequencies);
    expect(properties.thermochemistry).toEqual(expected.thermochemistry);
  });

  it.each(Object.keys(OUTPUT_EXPECTATIONS).filter((relative) => !(relative in VIBRATIONAL_EXPECTATIONS)))(
    '%s has none (no frequency job)',
    async (relative) => {
      const properties = await propertiesOf(relative);
      expect(properties.frequencies).toBeNull();
      expect(properties.thermochemistry).toBeNull();
    },
  );
});

describe('orbitals, populations, gradient, energy components, dipole and warnings', () => {
  it.each(Object.entries(ELECTRONIC_EXPECTATIONS))('%s', async (relative, expected) => {
    const p = await propertiesOf(relative);
    expect(p.orbitals).toEqual(expected.orbitals);
    if (expected.loewdin === null) expect(p.loewdin).toBeNull();
    else {
      expect(p.loewdin?.header).toBe(expected.loewdin.header);
      expect(p.loewdin?.atoms).toHaveLength(expected.loewdin.atoms);
      const [first, last] = [p.loewdin?.atoms[0], p.loewdin?.atoms.at(-1)];
      expect([first?.element, first?.charge, first?.spin]).toEqual(expected.loewdin.first);
      expect([last?.element, last?.charge, last?.spin]).toEqual(expected.loewdin.last);
    }
    if (expected.mayer === null) expect(p.mayer).toBeNull();
    else {
      expect(p.mayer?.printThreshold).toBe(0.1);
      expect(p.mayer?.bonds).toHaveLength(expected.mayer.bonds);
      expect(p.mayer?.bonds).toContainEqual(expected.mayer.contains);
    }
    expect(p.gradient).toEqual(expected.gradient);
    if (expected.energyComponents === null) expect(p.energyComponents).toBeNull();
    else expect(p.energyComponents).toMatchObject(expected.energyComponents);
    expect(p.dipole).toEqual(expected.dipole);
    expect(p.warnings.count).toBe(expected.warnings);
  });

  it('keeps the warning lines themselves, each once', async () => {
    const { warnings } = await propertiesOf(OUTPUTS.metalDockGradient);
    // line 1059 and line 1062 print the same warning twice
    expect(warnings.messages).toEqual([
      'WARNING: the maximum gradient error descreased on average only by a factor   0.8',
      'WARNING : small    HOMO - LUMO gap : 0.010081',
      'WARNING : small    HOMO - LUMO gap : 0.015877',
      'WARNING : small    HOMO - LUMO gap : 0.015892',
      'WARNING : small    HOMO - LUMO gap : 0.015882',
    ]);
  });

  it('the energy of every frame: one FINAL SINGLE POINT ENERGY per evaluation, in order', async () => {
    // the 4 FSPE lines of the AmO optimization (PROVENANCE: 4 occurrences, last -670.534993289315)
    const { energiesPerFrameEh } = await propertiesOf(OUTPUTS.amoOpt61);
    expect(energiesPerFrameEh).toHaveLength(4);
    expect(energiesPerFrameEh.at(-1)).toBe(-670.534993289315);
    expect(energiesPerFrameEh[0]).toBe(-670.534522759175); // line 1175 "FINAL SINGLE POINT ENERGY      -670.534522759175"
  });
});
