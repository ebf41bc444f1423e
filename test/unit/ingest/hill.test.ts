import { hillFormula, hillOrder } from '../../../src/ingest/hill';

describe('Hill order', () => {
  it('puts C then H first when there is carbon, the rest alphabetically, each element once', () => {
    expect(hillOrder(['O', 'H', 'C', 'N', 'H', 'C', 'Br'])).toEqual(['C', 'H', 'Br', 'N', 'O']);
    expect(hillOrder(['Cl', 'C', 'Ca'])).toEqual(['C', 'Ca', 'Cl']);
  });

  it('is purely alphabetical without carbon, H included', () => {
    expect(hillOrder(['O', 'H', 'Fe', 'H'])).toEqual(['Fe', 'H', 'O']);
    expect(hillOrder(['H', 'Cl'])).toEqual(['Cl', 'H']);
    expect(hillOrder([])).toEqual([]);
  });

  it('writes formulas with counts above one', () => {
    expect(hillFormula(['C', 'H', 'H', 'O', 'C', 'H', 'H', 'H', 'H'])).toBe('C2H6O');
    expect(hillFormula(['O', 'H', 'H'])).toBe('H2O');
    expect(hillFormula(['Nd', 'O'])).toBe('NdO');
  });
});
