import { NormalModeReader, readNormalMode } from '../../../src/orca/normal-modes';
import { fixture, OUTPUTS } from './fixture-paths';

describe('NORMAL MODES: the column of one mode, read from real ORCA outputs', () => {
  it('reads the imaginary mode of the SN2 transition state (ORCA 6.1, mode 6 of 18)', async () => {
    // sn2_ts.out line 6985: "     6:    -407.58 cm**-1  ***imaginary mode***"; the column "6" begins at
    // line 7026 (header "6 7 8 9 10 11"), its rows 0…17 on lines 7027…7044, first value of each row
    const mode = await readNormalMode(fixture(OUTPUTS.sn2Ts), -407.58);
    expect(mode).toEqual({
      index: 6,
      frequencyCm1: -407.58,
      displacements: [
        -0.0, -0.00479, 0.859726, -0.0, 0.000786, -0.11806, 0.000001, -0.197735, -0.149549, -0.162414,
        0.080202, -0.118726, 0.162414, 0.080201, -0.118726, 0.0, 0.003542, -0.302689,
      ],
    });
  });

  it('reads a mode of the last block that holds fewer columns (water, ORCA 5.0, mode 8)', async () => {
    // water_opt.out: "   8:      3971.90 cm**-1"; header "6 7 8" on line 3034, column 8 is the third
    // value of lines 3035…3043
    const mode = await readNormalMode(fixture(OUTPUTS.waterOptFreq), 3971.9);
    expect(mode?.index).toBe(8);
    expect(mode?.displacements).toEqual([
      -0.069728, -0.0, -0.0, 0.553362, 0.0, 0.437448, 0.553361, 0.0, -0.437447,
    ]);
  });

  it('finds nothing for a frequency the output does not print, or an output without frequencies', async () => {
    expect(await readNormalMode(fixture(OUTPUTS.sn2Ts), -300)).toBeUndefined();
    expect(await readNormalMode(fixture(OUTPUTS.dvbOpt60), -407.58)).toBeUndefined();
  });

  it('gives up on a table cut off inside the column (a run killed while printing)', () => {
    const reader = new NormalModeReader(-100.0);
    const lines = [
      'VIBRATIONAL FREQUENCIES',
      '   6:      -100.00 cm**-1  ***imaginary mode***',
      'NORMAL MODES',
      '                  6',
      '      0       0.100000',
      '      1       0.200000',
    ];
    for (const line of lines) reader.acceptLine(line);
    // two of three coordinates of one atom: not a whole vector
    expect(reader.result()).toBeUndefined();
  });
});
