import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { analyzeOrcaOutputSync, OrcaOutputAnalyzer, type OrcaOutputReport } from '../../../src/orca';
import { OUTPUT_EXPECTATIONS } from './fixture-expectations';
import { fixture } from './fixture-paths';

/**
 * The verdict and every metric the parser reported before the single-pass needle scan replaced the
 * per-byte probes (and before properties were added) must stay identical. The fingerprints below were
 * recorded with that earlier parser (commit fb4e6ee) by running this file with RECORD_LEGACY=1.
 */
const RECORDED: Record<string, string> = {
  'oact_utils/tests/files/orca_direct_example/logs': '965060408497f5bf',
  'oact_utils/tests/files/orca_direct_example/logs twice': '23b60a4fc1234448',
  'oact_utils/tests/files/orca_direct_example/logs in 4093-byte chunks': '965060408497f5bf',
  'oact_utils/tests/files/orca_direct_example/AmO_orca_atom95.out': 'f8978072bc7472d2',
  'oact_utils/tests/files/orca_direct_example/AmO_orca_atom95.out twice': '701e64f62c0a5074',
  'oact_utils/tests/files/orca_direct_example/AmO_orca_atom95.out in 4093-byte chunks': 'f8978072bc7472d2',
  'oact_utils/tests/files/logs': 'fae40b75e55fed50',
  'oact_utils/tests/files/logs twice': '28083e904194cffc',
  'oact_utils/tests/files/logs in 4093-byte chunks': 'fae40b75e55fed50',
  'oact_utils/tests/files/quacc_example/orca.out.gz': '7a5c2b0019d34b1e',
  'oact_utils/tests/files/quacc_example/orca.out.gz twice': '1ecee6f978b30819',
  'oact_utils/tests/files/quacc_example/orca.out.gz in 4093-byte chunks': '7a5c2b0019d34b1e',
  'cclib/data/ORCA/basicORCA6.0/dvb_gopt.out': 'c7a1a02f1e0693d0',
  'cclib/data/ORCA/basicORCA6.0/dvb_gopt.out twice': 'b0051aa6649006e4',
  'cclib/data/ORCA/basicORCA6.0/dvb_gopt.out in 4093-byte chunks': 'c7a1a02f1e0693d0',
  'cclib/data/ORCA/basicORCA6.0/dvb_sp_un_dft.out': 'b05c7b35d04591d1',
  'cclib/data/ORCA/basicORCA6.0/dvb_sp_un_dft.out twice': '1f6049290b80fff2',
  'cclib/data/ORCA/basicORCA6.0/dvb_sp_un_dft.out in 4093-byte chunks': 'b05c7b35d04591d1',
  'cclib/data/ORCA/basicORCA5.0/dvb_gopt.out': '580e61c802f10365',
  'cclib/data/ORCA/basicORCA5.0/dvb_gopt.out twice': 'cbf62196b3da4c6a',
  'cclib/data/ORCA/basicORCA5.0/dvb_gopt.out in 4093-byte chunks': '580e61c802f10365',
  'cclib-data/ORCA/ORCA4.2/dvb_gopt.out': '8f598d305d0713f7',
  'cclib-data/ORCA/ORCA4.2/dvb_gopt.out twice': '5e9694322aa9407c',
  'cclib-data/ORCA/ORCA4.2/dvb_gopt.out in 4093-byte chunks': '8f598d305d0713f7',
  'cclib-data/ORCA/ORCA4.0/IrCl6_sp.out': 'bc18542374e315ff',
  'cclib-data/ORCA/ORCA4.0/IrCl6_sp.out twice': '4e7f20805396a667',
  'cclib-data/ORCA/ORCA4.0/IrCl6_sp.out in 4093-byte chunks': 'bc18542374e315ff',
  'cclib-data/ORCA/ORCA5.0/1177.out': '41e73254ffb32bde',
  'cclib-data/ORCA/ORCA5.0/1177.out twice': '6a0a54274fed54c2',
  'cclib-data/ORCA/ORCA5.0/1177.out in 4093-byte chunks': '41e73254ffb32bde',
  'cclib-data/ORCA/ORCA3.0/stopiter_orca_scf_large.out': 'f002c23925a5b0fc',
  'cclib-data/ORCA/ORCA3.0/stopiter_orca_scf_large.out twice': '58c88605257003ea',
  'cclib-data/ORCA/ORCA3.0/stopiter_orca_scf_large.out in 4093-byte chunks': 'f002c23925a5b0fc',
  'chemsmart/tests/data/ORCATests/error_files/GTOInt_error.out': '4b629b55b8ac0b5b',
  'chemsmart/tests/data/ORCATests/error_files/GTOInt_error.out twice': '294456c3130319b9',
  'chemsmart/tests/data/ORCATests/error_files/GTOInt_error.out in 4093-byte chunks': '4b629b55b8ac0b5b',
  'chemsmart/tests/data/ORCATests/outputs/fe3_quartet.out': '93ad7dce77edf8dc',
  'chemsmart/tests/data/ORCATests/outputs/fe3_quartet.out twice': 'f0d41e13982b95ca',
  'chemsmart/tests/data/ORCATests/outputs/fe3_quartet.out in 4093-byte chunks': '93ad7dce77edf8dc',
  'chemsmart/tests/data/ORCATests/outputs/fe2_quintet.out': 'a3f6ec8e430a6cae',
  'chemsmart/tests/data/ORCATests/outputs/fe2_quintet.out twice': '13aa281057443ff4',
  'chemsmart/tests/data/ORCATests/outputs/fe2_quintet.out in 4093-byte chunks': 'a3f6ec8e430a6cae',
  'chemsmart/tests/data/ORCATests/outputs/water_opt.out': 'e3fdaababca34345',
  'chemsmart/tests/data/ORCATests/outputs/water_opt.out twice': 'dda4838fd8e9b245',
  'chemsmart/tests/data/ORCATests/outputs/water_opt.out in 4093-byte chunks': 'e3fdaababca34345',
  'chemsmart/tests/data/ORCATests/outputs/sn2_ts.out': '0594c71162241a68',
  'chemsmart/tests/data/ORCATests/outputs/sn2_ts.out twice': '04e31aa37bdfdcb9',
  'chemsmart/tests/data/ORCATests/outputs/sn2_ts.out in 4093-byte chunks': '0594c71162241a68',
  'autodE/tests/test_wrappers/data/orca.zip-extracted/orca/opt_orca.out': 'f3023c86db2f4798',
  'autodE/tests/test_wrappers/data/orca.zip-extracted/orca/opt_orca.out twice': '48eb8132854f3b9f',
  'autodE/tests/test_wrappers/data/orca.zip-extracted/orca/opt_orca.out in 4093-byte chunks':
    'f3023c86db2f4798',
  'autodE/tests/test_wrappers/data/orca.zip-extracted/orca/H2O_hess_orca.out': 'b62a062409291820',
  'autodE/tests/test_wrappers/data/orca.zip-extracted/orca/H2O_hess_orca.out twice': '2f41c23481b09f14',
  'autodE/tests/test_wrappers/data/orca.zip-extracted/orca/H2O_hess_orca.out in 4093-byte chunks':
    'b62a062409291820',
  'QCXMS2/p10f2/orca.out': '0646c259cf77c7cd',
  'QCXMS2/p10f2/orca.out twice': 'be84ce933eeeab52',
  'QCXMS2/p10f2/orca.out in 4093-byte chunks': '0646c259cf77c7cd',
  'MetalDock/test/orca_engine/output/QM/geom_opt/geom.out': 'c27569e42cf5b3c6',
  'MetalDock/test/orca_engine/output/QM/geom_opt/geom.out twice': '5259a0160d5aa980',
  'MetalDock/test/orca_engine/output/QM/geom_opt/geom.out in 4093-byte chunks': 'c27569e42cf5b3c6',
};

/** The report without what was added later (properties): exactly the fields the old parser had. */
function legacyView(report: OrcaOutputReport): unknown {
  const m = report.metrics;
  return {
    verdict: report.verdict,
    metrics: {
      orcaVersion: m.orcaVersion,
      orcaBannerSeen: m.orcaBannerSeen,
      hfType: m.hfType,
      charge: m.charge,
      multiplicity: m.multiplicity,
      finalEnergyEh: m.finalEnergyEh,
      finalEnergyLabel: m.finalEnergyLabel,
      energyEvaluations: m.energyEvaluations,
      scfCycles: m.scfCycles,
      scfConvergedCount: m.scfConvergedCount,
      scfNotConvergedCycles: m.scfNotConvergedCycles,
      scfNotConvergedMarkers: m.scfNotConvergedMarkers,
      optimization: m.optimization,
      cartesianMaxGradientEhBohr: m.cartesianMaxGradientEhBohr,
      maxGradientEhBohr: m.maxGradientEhBohr,
      maxGradientSource: m.maxGradientSource,
      mulliken: m.mulliken,
      jobsRequested: m.jobsRequested,
      jobs: m.jobs,
      terminatedNormally: m.terminatedNormally,
      bytesRead: m.bytesRead,
    },
  };
}

function fingerprint(report: OrcaOutputReport): string {
  return createHash('sha256')
    .update(JSON.stringify(legacyView(report)))
    .digest('hex')
    .slice(0, 16);
}

function load(relative: string): Buffer {
  const bytes = readFileSync(fixture(relative));
  return relative.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

/** Each output whole, twice in a row, and fed in 4093-byte chunks (a size that cuts lines anywhere). */
function variants(relative: string): [string, OrcaOutputReport][] {
  const bytes = load(relative);
  const chunked = new OrcaOutputAnalyzer();
  for (let at = 0; at < bytes.length; at += 4093) chunked.push(Buffer.from(bytes.subarray(at, at + 4093)));
  return [
    [`${relative}`, analyzeOrcaOutputSync(bytes)],
    [`${relative} twice`, analyzeOrcaOutputSync(Buffer.concat([bytes, bytes]))],
    [`${relative} in 4093-byte chunks`, chunked.finish()],
  ];
}

const CASES = Object.keys(OUTPUT_EXPECTATIONS).flatMap(variants);

describe('verdicts and metrics are those of the parser before the needle scan', () => {
  if (process.env.RECORD_LEGACY === '1') {
    it('records the fingerprints', () => {
      const table = Object.fromEntries(CASES.map(([name, report]) => [name, fingerprint(report)]));
      process.stdout.write(`${JSON.stringify(table, null, 2)}\n`);
    });
    return;
  }

  it('covers every fixture output in three variants', () => {
    expect(Object.keys(RECORDED).sort()).toEqual(CASES.map(([name]) => name).sort());
  });

  it.each(CASES)('%s', (name, report) => {
    expect(fingerprint(report)).toBe(RECORDED[name]);
  });
});
