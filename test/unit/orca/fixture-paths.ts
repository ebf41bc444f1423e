import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Shared, read-only ORCA fixtures (never copied into the repo); see PROVENANCE.md there. */
export const FIXTURE_DIR = path.resolve(__dirname, '../../../../shared/fixtures/orca');

export function fixture(relativePath: string): string {
  return path.join(FIXTURE_DIR, relativePath);
}

/** Every fixture file (relative paths), PROVENANCE.md excluded. */
export function listFixtureFiles(directory = FIXTURE_DIR): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return listFixtureFiles(full).map((rel) => path.join(entry.name, rel));
      return entry.name === 'PROVENANCE.md' ? [] : [entry.name];
    })
    .sort();
}

export const OUTPUTS = {
  amoOpt61: 'oact_utils/tests/files/orca_direct_example/logs',
  amoAtomSideOutput: 'oact_utils/tests/files/orca_direct_example/AmO_orca_atom95.out',
  uranylOpt61: 'oact_utils/tests/files/logs',
  quaccGz: 'oact_utils/tests/files/quacc_example/orca.out.gz',
  dvbOpt60: 'cclib/data/ORCA/basicORCA6.0/dvb_gopt.out',
  dvbSpOpenShell60: 'cclib/data/ORCA/basicORCA6.0/dvb_sp_un_dft.out',
  dvbOpt50: 'cclib/data/ORCA/basicORCA5.0/dvb_gopt.out',
  dvbOpt42: 'cclib-data/ORCA/ORCA4.2/dvb_gopt.out',
  ircl6ScfFailed: 'cclib-data/ORCA/ORCA4.0/IrCl6_sp.out',
  optMaxIter: 'cclib-data/ORCA/ORCA5.0/1177.out',
  truncatedScf: 'cclib-data/ORCA/ORCA3.0/stopiter_orca_scf_large.out',
  gtoIntError: 'chemsmart/tests/data/ORCATests/error_files/GTOInt_error.out',
  fe3Opt: 'chemsmart/tests/data/ORCATests/outputs/fe3_quartet.out',
  fe2OptNotConverged: 'chemsmart/tests/data/ORCATests/outputs/fe2_quintet.out',
  waterOptFreq: 'chemsmart/tests/data/ORCATests/outputs/water_opt.out',
  sn2Ts: 'chemsmart/tests/data/ORCATests/outputs/sn2_ts.out',
  autodeOpt: 'autodE/tests/test_wrappers/data/orca.zip-extracted/orca/opt_orca.out',
  autodeHess: 'autodE/tests/test_wrappers/data/orca.zip-extracted/orca/H2O_hess_orca.out',
  zeroElectrons: 'QCXMS2/p10f2/orca.out',
  metalDockGradient: 'MetalDock/test/orca_engine/output/QM/geom_opt/geom.out',
} as const;

/** Healthy runs: any prefix of them must read running (or timeout), never failed. */
export const HEALTHY_OUTPUTS = [
  OUTPUTS.amoOpt61,
  OUTPUTS.amoAtomSideOutput,
  OUTPUTS.uranylOpt61,
  OUTPUTS.quaccGz,
  OUTPUTS.dvbOpt60,
  OUTPUTS.dvbSpOpenShell60,
  OUTPUTS.dvbOpt50,
  OUTPUTS.dvbOpt42,
  OUTPUTS.fe3Opt,
  OUTPUTS.waterOptFreq,
  OUTPUTS.sn2Ts,
  OUTPUTS.autodeOpt,
  OUTPUTS.autodeHess,
  OUTPUTS.metalDockGradient,
];
