// ORCA output intelligence: streaming verdicts and metrics of outputs, .engrad files and Sella logs.
// Pure: imports Node built-ins and its own files only; never Temporal, activities, db or schedulers.
export * from './types';
export type * from './property-types';
export { HARTREE_IN_EV, BOHR_IN_ANGSTROM, evToHartree, evPerAngstromToHartreePerBohr } from './units';
export { analyzeOrcaOutput, analyzeOrcaOutputSync, OrcaOutputAnalyzer } from './output-report';
export { decideVerdict, stalenessVerdict } from './verdict';
export { parseEngradText, EngradReader, EngradFormatError } from './engrad';
export { parseSellaLogText, SellaLogReader, SellaFormatError } from './sella-log';
export {
  parseSellaStatusText,
  SellaStatusReader,
  SellaStatusFormatError,
  type SellaStatusData,
} from './sella-status';
export { detectFileKind, SIDE_OUTPUT_NAME, type FileKind } from './file-kind';
export { pickMainOutput, findMainOutput } from './main-output';
export { parseFile, engradCandidates } from './parse-file';
export { parseJobDirectory, type JobDirectoryReport } from './job-directory';
export type {
  ParseFileOptions,
  ParsedFile,
  ParsedOutputFile,
  ParsedEngradFile,
  ParsedSellaFile,
  ParsedSellaStatusFile,
  ParsedOtherFile,
} from './parsed-file';
export { toSummaryRecord, type SummaryRecord } from './summary-record';
