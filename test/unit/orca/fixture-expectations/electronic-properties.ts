import type { DipoleMoment, EnergyComponents, FrontierOrbitals, GradientSummary } from '../../../../src/orca';

/** Electronic properties of fixture outputs, read by hand from the files (line numbers in each file). */
export interface ElectronicExpectation {
  orbitals: (FrontierOrbitals & { alpha: FrontierOrbitals | null; beta: FrontierOrbitals | null }) | null;
  /** Loewdin: header, atoms, first atom, last atom. */
  loewdin: {
    header: string;
    atoms: number;
    first: [string, number, number | null];
    last: [string, number, number | null];
  } | null;
  /** Mayer: bonds printed, one bond that must be among them. */
  mayer: {
    bonds: number;
    contains: { atoms: [number, number]; elements: [string, string]; order: number };
  } | null;
  gradient: GradientSummary | null;
  energyComponents: Partial<EnergyComponents> | null;
  dipole: DipoleMoment | null;
  warnings: number;
}

const frontier = (homoEh: number, homoEv: number, lumoEh: number, lumoEv: number, gapEv: number) => ({
  homoEh,
  homoEv,
  lumoEh,
  lumoEv,
  gapEv,
});

export const ELECTRONIC_EXPECTATIONS: Record<string, ElectronicExpectation> = {
  // ORCA 6.0.0, UKS single point of the divinylbenzene cation
  'cclib/data/ORCA/basicORCA6.0/dvb_sp_un_dft.out': {
    orbitals: {
      // overall: HOMO of the SPIN UP list, LUMO of the SPIN DOWN list
      ...frontier(-0.366268, -9.9667, -0.296813, -8.0767, 1.89),
      // line 1534 "SPIN UP ORBITALS"; line 1570 "  34   1.0000      -0.366268        -9.9667    3-Bg",
      // line 1571 "  35   0.0000      -0.173972        -4.7340    3-Au"
      alpha: frontier(-0.366268, -9.9667, -0.173972, -4.734, 5.2327),
      // line 1583 "SPIN DOWN ORBITALS"; line 1618 "  33   1.0000      -0.385104       -10.4792    2-Au",
      // line 1619 "  34   0.0000      -0.296813        -8.0767    3-Bg"
      beta: frontier(-0.385104, -10.4792, -0.296813, -8.0767, 2.4025),
    },
    // line 3118 "   0 C :    0.079783    0.203855", line 3137 "  19 H :    0.092438   -0.010936"
    loewdin: {
      header: 'LOEWDIN ATOMIC CHARGES AND SPIN POPULATIONS',
      atoms: 20,
      first: ['C', 0.079783, 0.203855],
      last: ['H', 0.092438, -0.010936],
    },
    // line 4208 "Mayer bond orders larger than 0.100000"; line 4213 "… B( 10-C , 14-C ) :   1.7047 …"
    mayer: { bonds: 20, contains: { atoms: [10, 14], elements: ['C', 'C'], order: 1.7047 } },
    gradient: null, // a single point without gradient
    // line 1489 "Nuclear Repulsion  :        445.93697786986127 Eh", line 1505 "E(XC)              :      -46.138590871113 Eh"
    energyComponents: { nuclearRepulsionEh: 445.93697786986127, exchangeCorrelationEh: -46.138590871113 },
    dipole: { vectorAu: [0, 0, 0], magnitudeAu: 0, magnitudeDebye: 0 },
    warnings: 0,
  },
  // ORCA 6.1.0, UKS optimization of AmO (the run oact_utils' tests use)
  'oact_utils/tests/files/orca_direct_example/logs': {
    orbitals: {
      ...frontier(-0.226634, -6.167, -0.031488, -0.8568, 5.3102),
      // line 2775 " SPIN UP ORBITALS"; line 2801 "   24   1.0000      -0.226634        -6.1670"; line 2802 "   25   0.0000       0.000400         0.0109"
      alpha: frontier(-0.226634, -6.167, 0.0004, 0.0109, 6.1779),
      // line 2814 " SPIN DOWN ORBITALS"; line 2833 "   17   1.0000      -0.352778        -9.5996"; line 2834 "   18   0.0000      -0.031488        -0.8568"
      beta: frontier(-0.352778, -9.5996, -0.031488, -0.8568, 8.7428),
    },
    // line 2958 "LOEWDIN ATOMIC CHARGES AND SPIN POPULATIONS", line 2960 "   0 Am:    0.875660    7.045929"
    loewdin: {
      header: 'LOEWDIN ATOMIC CHARGES AND SPIN POPULATIONS',
      atoms: 2,
      first: ['Am', 0.87566, 7.045929],
      last: ['O', -0.87566, -0.045929],
    },
    // line 3073 "B(  0-Am,  1-O ) :   1.9102"
    mayer: { bonds: 1, contains: { atoms: [0, 1], elements: ['Am', 'O'], order: 1.9102 } },
    // lines 2189-2191 "Norm of the Cartesian gradient     ...    0.0001814008", "RMS gradient … 0.0000740566", "MAX gradient … 0.0001282697"
    gradient: {
      normEhBohr: 0.0001814008,
      rmsEhBohr: 0.0000740566,
      maxEhBohr: 0.0001282697,
      source: 'output',
    },
    // lines 2733-2748 of the last TOTAL SCF ENERGY block
    energyComponents: {
      nuclearRepulsionEh: 80.93474502379904,
      oneElectronEh: -1309.0679701211266,
      twoElectronEh: 557.4347550586747,
      exchangeCorrelationEh: -31.228413400278,
    },
    // line 3189 "Total Dipole Moment    :     -0.000000040       0.000000161      -1.741555354", lines 3191-3192 magnitudes
    dipole: {
      vectorAu: [-4e-8, 1.61e-7, -1.741555354],
      magnitudeAu: 1.741555354,
      magnitudeDebye: 4.426681915,
    },
    warnings: 6, // lines 219-240, "WARNING: Old DensityContainer found on disk!" … (line 215 "WARNINGS" is the section title)
  },
  // ORCA 4.2.0, RKS optimization of divinylbenzene
  'cclib-data/ORCA/ORCA4.2/dvb_gopt.out': {
    // line 5354 "  34   2.0000      -0.149345        -4.0639    3-Bg", line 5355 "  35   0.0000       0.041080         1.1178    3-Au"
    orbitals: { ...frontier(-0.149345, -4.0639, 0.04108, 1.1178, 5.1817), alpha: null, beta: null },
    loewdin: {
      header: 'LOEWDIN ATOMIC CHARGES',
      atoms: 20,
      first: ['C', 0.003602, null],
      last: ['H', 0.044813, null],
    },
    mayer: { bonds: 21, contains: { atoms: [0, 2], elements: ['C', 'C'], order: 1.3625 } },
    // lines 4068-4070 "Norm of the cartesian gradient     ...    0.0004430414", "RMS gradient … 0.0000571964", "MAX gradient … 0.0001634003"
    gradient: {
      normEhBohr: 0.0004430414,
      rmsEhBohr: 0.0000571964,
      maxEhBohr: 0.0001634003,
      source: 'output',
    },
    // lines 5277-5297 of the last TOTAL SCF ENERGY block
    energyComponents: {
      totalEh: -382.05078615,
      nuclearRepulsionEh: 445.78931144,
      electronicEh: -827.84009759,
      oneElectronEh: -1400.34353162,
      twoElectronEh: 572.50343402,
      exchangeEh: -43.807939823663,
      correlationEh: -2.717742995841,
      exchangeCorrelationEh: -46.525682819504,
    },
    dipole: { vectorAu: [-0, 0, -0], magnitudeAu: 0, magnitudeDebye: 0.00001 },
    warnings: 2,
  },
  // ORCA 4.2.1 frequencies of water
  'autodE/tests/test_wrappers/data/orca.zip-extracted/orca/H2O_hess_orca.out': {
    // line 648 "   4   2.0000      -0.299506        -8.1500 ", line 649 "   5   0.0000       0.058915         1.6032 "
    orbitals: { ...frontier(-0.299506, -8.15, 0.058915, 1.6032, 9.7532), alpha: null, beta: null },
    // line 708 "LOEWDIN ATOMIC CHARGES", 710 "   0 O :   -0.181438", 712 "   2 H :    0.091471"
    loewdin: {
      header: 'LOEWDIN ATOMIC CHARGES',
      atoms: 3,
      first: ['O', -0.181438, null],
      last: ['H', 0.091471, null],
    },
    // line 753 "B(  0-O ,  1-H ) :   0.9893 B(  0-O ,  2-H ) :   0.9885"
    mayer: { bonds: 2, contains: { atoms: [0, 2], elements: ['O', 'H'], order: 0.9885 } },
    gradient: null,
    // lines 604-621 "Nuclear Repulsion  :            8.88126959 Eh", "One Electron Energy:         -122.56564331 Eh", …
    energyComponents: {
      nuclearRepulsionEh: 8.88126959,
      oneElectronEh: -122.56564331,
      twoElectronEh: 37.41199336,
      exchangeCorrelationEh: -7.013860152121,
    },
    // line 861 "Total Dipole Moment    :      0.00165      -0.74767      -0.00000", lines 863-864
    dipole: { vectorAu: [0.00165, -0.74767, -0], magnitudeAu: 0.74767, magnitudeDebye: 1.90043 },
    warnings: 0,
  },
  // ORCA 5.0.3 single gradient of a Ru complex (RKS PBE, 44 atoms)
  'MetalDock/test/orca_engine/output/QM/geom_opt/geom.out': {
    // line 1225 " 110   2.0000      -0.123913        -3.3719 ", line 1226 " 111   0.0000      -0.108031        -2.9397 "
    orbitals: { ...frontier(-0.123913, -3.3719, -0.108031, -2.9397, 0.4322), alpha: null, beta: null },
    loewdin: {
      header: 'LOEWDIN ATOMIC CHARGES',
      atoms: 44,
      first: ['H', 0.033871, null],
      last: ['H', 0.044272, null],
    },
    // 18 lines "B(…" from line 2447, three bonds a line but the last
    mayer: { bonds: 53, contains: { atoms: [1, 2], elements: ['C', 'C'], order: 1.3342 } },
    // lines 2666-2668
    gradient: {
      normEhBohr: 0.1781642406,
      rmsEhBohr: 0.0155072067,
      maxEhBohr: 0.0560219976,
      source: 'output',
    },
    energyComponents: { nuclearRepulsionEh: 3453.72982305, exchangeCorrelationEh: -206.739122285583 },
    dipole: { vectorAu: [3.77877, 1.55344, 0.57249], magnitudeAu: 4.12554, magnitudeDebye: 10.48628 },
    // line 1008 " WARNING: the maximum gradient error descreased …", lines 1037-1062 "WARNING : small    HOMO - LUMO gap : …" ×5
    warnings: 6,
  },
  // ORCA 5.0.3, UHF optimization that ran out of cycles; no TOTAL SCF ENERGY block is printed
  'cclib-data/ORCA/ORCA5.0/1177.out': {
    orbitals: {
      ...frontier(-0.710706, -19.3393, -0.697728, -18.9861, 0.3532),
      // line 506 "    4   1.0000      -0.732110       -19.9217 ", line 507 "    5   0.0000      -0.027395        -0.7454 "
      alpha: frontier(-0.73211, -19.9217, -0.027395, -0.7454, 19.1763),
      // line 517 "    3   1.0000      -0.710706       -19.3393 ", line 518 "    4   0.0000      -0.697728       -18.9861 "
      beta: frontier(-0.710706, -19.3393, -0.697728, -18.9861, 0.3532),
    },
    loewdin: null,
    mayer: null,
    gradient: {
      normEhBohr: 0.0685131398,
      rmsEhBohr: 0.0176900166,
      maxEhBohr: 0.0325395222,
      source: 'output',
    },
    energyComponents: null,
    dipole: { vectorAu: [0.00004, -0.00002, 0], magnitudeAu: 0.00004, magnitudeDebye: 0.00011 },
    warnings: 13, // 12 "WARNING…:" lines from line 154, and the boxed "WARNING !!!" of line 986
  },
  // ORCA 4.0.0.2 single point whose SCF failed: only its warnings
  'cclib-data/ORCA/ORCA4.0/IrCl6_sp.out': {
    orbitals: null,
    loewdin: null,
    mayer: null,
    gradient: null,
    energyComponents: null,
    dipole: null,
    warnings: 2, // line 105 "WARNING: your system is open-shell and RHF/RKS was chosen", line 560 boxed "WARNING"
  },
  // ORCA 2.9.1 cut in its first SCF: nothing yet
  'cclib-data/ORCA/ORCA3.0/stopiter_orca_scf_large.out': {
    orbitals: null,
    loewdin: null,
    mayer: null,
    gradient: null,
    energyComponents: null,
    dipole: null,
    warnings: 0,
  },
};
