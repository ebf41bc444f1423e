/** CODATA 2018 values, as used by ASE (Sella logs are written in ASE units). */
export const HARTREE_IN_EV = 27.211386245988;
export const BOHR_IN_ANGSTROM = 0.529177210903;

export function evToHartree(energyEv: number): number {
  return energyEv / HARTREE_IN_EV;
}

/** A force or gradient in eV/Å expressed in Eh/Bohr. */
export function evPerAngstromToHartreePerBohr(value: number): number {
  return (value * BOHR_IN_ANGSTROM) / HARTREE_IN_EV;
}
