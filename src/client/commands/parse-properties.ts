import type { OrcaProperties } from '../../orca';

function fixed(value: number | null, digits: number): string {
  return value === null ? '—' : value.toFixed(digits);
}

/** Readable lines for the properties of one output (only what it printed). */
export function describeProperties(p: OrcaProperties): string[] {
  const lines: string[] = [];
  if (p.frequencies) {
    const f = p.frequencies;
    const imaginary = f.imaginaryModes > 0 ? ` (${f.imaginaryCm1.join(', ')} cm-1)` : '';
    lines.push(
      `  frequencies: ${f.modes} modes, ${f.imaginaryModes} imaginary${imaginary}, lowest ${fixed(f.lowestCm1, 2)} cm-1`,
    );
  }
  if (p.thermochemistry) {
    const t = p.thermochemistry;
    lines.push(
      `  thermochemistry at ${fixed(t.temperatureK, 2)} K: ZPE ${fixed(t.zeroPointEnergyEh, 8)}, H ${fixed(t.enthalpyEh, 8)}, G ${fixed(t.gibbsFreeEnergyEh, 8)} Eh`,
    );
  }
  if (p.orbitals) {
    const o = p.orbitals;
    const spins =
      o.alpha && o.beta
        ? ` (alpha gap ${fixed(o.alpha.gapEv, 4)}, beta gap ${fixed(o.beta.gapEv, 4)} eV)`
        : '';
    lines.push(
      `  HOMO ${fixed(o.homoEv, 4)} eV, LUMO ${fixed(o.lumoEv, 4)} eV, gap ${fixed(o.gapEv, 4)} eV${spins}`,
    );
  }
  if (p.loewdin) lines.push(`  Loewdin: ${p.loewdin.atoms.length} atoms`);
  if (p.mayer)
    lines.push(`  Mayer: ${p.mayer.bonds.length} bond orders above ${fixed(p.mayer.printThreshold, 2)}`);
  if (p.gradient) {
    const g = p.gradient;
    lines.push(
      `  gradient (${g.source}): norm ${fixed(g.normEhBohr, 10)}, RMS ${fixed(g.rmsEhBohr, 10)}, max ${fixed(g.maxEhBohr, 10)} Eh/Bohr`,
    );
  }
  if (p.energyComponents) {
    const e = p.energyComponents;
    lines.push(
      `  energy components: nuclear repulsion ${fixed(e.nuclearRepulsionEh, 8)}, one-electron ${fixed(e.oneElectronEh, 8)}, two-electron ${fixed(e.twoElectronEh, 8)}, XC ${fixed(e.exchangeCorrelationEh, 8)} Eh`,
    );
  }
  if (p.dipole) lines.push(`  dipole ${fixed(p.dipole.magnitudeDebye, 5)} Debye`);
  if (p.warnings.count > 0) lines.push(`  warnings: ${p.warnings.count}`);
  return lines;
}
