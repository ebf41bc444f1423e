/** The ORCA settings of a small optimisation job: 4 cores, 8 GB, one hour. */
export const orca = {
  keywords: '! B3LYP def2-SVP OPT',
  executable: '/opt/orca/orca',
  cores: 4,
  memoryMb: 8000,
  walltimeMinutes: 60,
};
