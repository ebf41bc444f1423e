import { atomicNumber, ELEMENT_COUNT, elementSymbol, normalizeElement } from '../../../src/ingest/elements';
import { electronCount, parseIntegerCell, spinStateProblem } from '../../../src/ingest/spin-state';

describe('element table', () => {
  it('covers H through Og with atomic numbers in order', () => {
    expect(ELEMENT_COUNT).toBe(118);
    expect([1, 6, 26, 54, 57, 71, 79, 92, 95, 118].map(elementSymbol)).toEqual([
      'H',
      'C',
      'Fe',
      'Xe',
      'La',
      'Lu',
      'Au',
      'U',
      'Am',
      'Og',
    ]);
    for (let z = 1; z <= 118; z++) expect(atomicNumber(elementSymbol(z)!)).toBe(z);
    expect(elementSymbol(0)).toBeUndefined();
    expect(elementSymbol(119)).toBeUndefined();
  });

  it('reads labels in any case or as atomic numbers, and rejects non-elements', () => {
    expect(normalizeElement('FE')).toBe('Fe');
    expect(normalizeElement('cl')).toBe('Cl');
    expect(normalizeElement(' 92 ')).toBe('U');
    expect(normalizeElement('Xx')).toBeUndefined();
    expect(normalizeElement('D')).toBeUndefined();
    expect(atomicNumber('fe')).toBeUndefined();
  });
});

describe('charge and spin rules', () => {
  it('parses integer cells, accepting integer-valued decimals only', () => {
    expect(['0', '-2', '+3', ' 4 ', '2.0', '1e1'].map(parseIntegerCell)).toEqual([0, -2, 3, 4, 2, 10]);
    expect(['1.5', '', 'one', '0x10', 'NaN'].map(parseIntegerCell)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('counts electrons as the sum of Z minus the charge', () => {
    expect(electronCount(['O', 'H', 'H'], 0)).toBe(10);
    expect(electronCount(['Fe', 'Cl', 'Cl', 'Cl', 'Cl'], -1)).toBe(26 + 68 + 1);
  });

  it('accepts exactly the multiplicities whose unpaired electrons fit the electron count', () => {
    expect(spinStateProblem(10, 1)).toBeUndefined(); // water singlet (uhf 0)
    expect(spinStateProblem(16, 3)).toBeUndefined(); // O2 triplet
    expect(spinStateProblem(1, 2)).toBeUndefined(); // H atom doublet
    expect(spinStateProblem(15, 1)).toMatch(/odd number of electrons \(15\)/);
    expect(spinStateProblem(10, 2)).toMatch(/even number/);
    expect(spinStateProblem(2, 5)).toMatch(/needs 4 unpaired electrons but there are only 2/);
    expect(spinStateProblem(-1, 2)).toMatch(/leaves -1 electrons/);
    expect(spinStateProblem(4, 0)).toMatch(/below 1/);
  });
});
