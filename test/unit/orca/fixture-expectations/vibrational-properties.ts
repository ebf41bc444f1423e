import type { Thermochemistry, VibrationalFrequencies } from '../../../../src/orca';

/**
 * Frequencies and thermochemistry of the fixtures that ran a frequency job, read by hand from the
 * files (line numbers of the file in ../shared/fixtures/orca); every other output has neither.
 */
export const VIBRATIONAL_EXPECTATIONS: Record<
  string,
  { frequencies: VibrationalFrequencies; thermochemistry: Thermochemistry }
> = {
  // ORCA 4.2.1 analytical frequencies of water (RHF)
  'autodE/tests/test_wrappers/data/orca.zip-extracted/orca/H2O_hess_orca.out': {
    frequencies: {
      modes: 9, // rows "   0:" … "   8:" of VIBRATIONAL FREQUENCIES (lines 961-969)
      zeroModes: 6, // "   0:         0.00 cm**-1" … "   5:"
      imaginaryModes: 0,
      imaginaryCm1: [],
      lowestCm1: 1567.61, // line 967 "   6:      1567.61 cm**-1"
      highestCm1: 3651.46, // line 969 "   8:      3651.46 cm**-1"
    },
    thermochemistry: {
      temperatureK: 298.15, // line 1020 "Temperature         ... 298.15 K"
      pressureAtm: 1, // "Pressure            ... 1.00 atm"
      electronicEnergyEh: -76.27265708, // line 1052 "Electronic energy                ...    -76.27265708 Eh"
      zeroPointEnergyEh: 0.01978992, // line 1053 "Zero point energy                ...      0.01978992 Eh"
      thermalEnergyEh: -76.25003091, // line 1058 "Total thermal energy                    -76.25003091 Eh"
      enthalpyEh: -76.2490867, // line 1078 "Total Enthalpy                    ...    -76.24908670 Eh"
      entropyTermEh: 0.02211365, // line 1107 "Final entropy term                ...      0.02211365 Eh"
      gibbsFreeEnergyEh: -76.27120035, // line 1137 "Final Gibbs free energy         ...    -76.27120035 Eh"
      gibbsMinusElectronicEh: 0.00145673, // line 1140 "G-E(el)                           ...      0.00145673 Eh"
    },
  },
  // ORCA 5.0.3 optimization + frequencies of water (RKS M06-2X)
  'chemsmart/tests/data/ORCATests/outputs/water_opt.out': {
    frequencies: {
      modes: 9, // rows "   0:" (line 3005) … "   8:"
      zeroModes: 6,
      imaginaryModes: 0,
      imaginaryCm1: [],
      lowestCm1: 1625.35, // line 3011 "   6:      1625.35 cm**-1"
      highestCm1: 3971.9, // line 3013 "   8:      3971.90 cm**-1"
    },
    thermochemistry: {
      temperatureK: 298.15, // line 3068 "Temperature         ... 298.15 K"
      pressureAtm: 1,
      electronicEnergyEh: -76.32331101, // line 3100 "Electronic energy                ...    -76.32331101 Eh"
      zeroPointEnergyEh: 0.02158076, // line 3101 "Zero point energy                ...      0.02158076 Eh"
      thermalEnergyEh: -76.2988948, // line 3106 "Total thermal energy                    -76.29889480 Eh"
      enthalpyEh: -76.29795059, // line 3126 "Total Enthalpy                    ...    -76.29795059 Eh"
      entropyTermEh: 0.02143089, // line 3155 "Final entropy term                ...      0.02143089 Eh"
      gibbsFreeEnergyEh: -76.31938148, // line 3185 "Final Gibbs free energy         ...    -76.31938148 Eh"
      gibbsMinusElectronicEh: 0.00392953, // line 3188 "G-E(el)                           ...      0.00392953 Eh"
    },
  },
  // ORCA 6.1.0 transition-state search + frequencies (SN2, exactly one imaginary mode)
  'chemsmart/tests/data/ORCATests/outputs/sn2_ts.out': {
    frequencies: {
      modes: 18, // rows "     0:" … "    17:"
      zeroModes: 6,
      imaginaryModes: 1, // line 6985 "     6:    -407.58 cm**-1  ***imaginary mode***"
      imaginaryCm1: [-407.58],
      lowestCm1: -407.58,
      highestCm1: 3398.56, // line 6996 "    17:    3398.56 cm**-1"
    },
    thermochemistry: {
      temperatureK: 298.15, // line 7096 "Temperature         ...   298.15 K"
      pressureAtm: 1,
      electronicEnergyEh: -599.59902094, // line 7138
      zeroPointEnergyEh: 0.03712451, // line 7139 "Zero point energy                ...      0.03712451 Eh"
      thermalEnergyEh: -599.5574138, // line 7144 "Total thermal energy                   -599.55741380 Eh"
      enthalpyEh: -599.55646959, // line 7164 "Total Enthalpy                    ...   -599.55646959 Eh"
      entropyTermEh: 0.03229008, // line 7193 "Final entropy term                ...      0.03229008 Eh"
      gibbsFreeEnergyEh: -599.58875967, // line 7227 "Final Gibbs free energy         ...   -599.58875967 Eh"
      gibbsMinusElectronicEh: 0.01026126, // line 7230 "G-E(el)                           ...      0.01026126 Eh"
    },
  },
  // ORCA 6.1.0 optimization + frequencies of an Fe(III) aqua complex (UKS)
  'chemsmart/tests/data/ORCATests/outputs/fe3_quartet.out': {
    frequencies: {
      modes: 39, // 13 atoms: rows "     0:" (line 18382) … "    38:"
      zeroModes: 6,
      imaginaryModes: 0,
      imaginaryCm1: [],
      lowestCm1: 74.5, // line 18388 "     6:      74.50 cm**-1"
      highestCm1: 3592.9, // line 18420 "    38:    3592.90 cm**-1"
    },
    thermochemistry: {
      temperatureK: 298.15, // line 18765 "Temperature         ...   298.15 K"
      pressureAtm: 1,
      electronicEnergyEh: -1567.59612457, // line 18830
      zeroPointEnergyEh: 0.10145708, // line 18831 "Zero point energy                ...      0.10145708 Eh"
      thermalEnergyEh: -1567.48533988, // line 18836 (the first of two "Total thermal energy" lines)
      enthalpyEh: -1567.48439567, // line 18856 "Total Enthalpy                    ...  -1567.48439567 Eh"
      entropyTermEh: 0.04404851, // line 18890
      gibbsFreeEnergyEh: -1567.52844418, // line 18924 "Final Gibbs free energy         ...  -1567.52844418 Eh"
      gibbsMinusElectronicEh: 0.06768038, // line 18927
    },
  },
};
