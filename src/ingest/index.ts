// The ingest core: architector CSV records, geometries, elements, spin states, and the CSV-into-campaign pipeline.
// May import cores, Node built-ins, pg and src/db (for that pipeline); never Temporal, activities, client, workflows.
export { atomicNumber, elementSymbol, normalizeElement, ELEMENT_COUNT, type ElementSymbol } from './elements';
export {
  CsvRecordParser,
  CsvRecordTooLongError,
  readCsvRecordBatches,
  readCsvRecords,
  type CsvRecord,
} from './csv-records';
export {
  detectGeometryFormat,
  formatXyz,
  parseGeometry,
  type Atom,
  type GeometryFormat,
  type GeometryParseResult,
} from './geometry';
export { electronCount, parseIntegerCell, spinStateProblem } from './spin-state';
export { INT32_MAX, INT32_MIN, int32Problem, unstorableText } from './storable';
export { DuplicateIndex, type StructureKey } from './duplicates';
export {
  INGEST_PRESETS,
  IngestOptionsSchema,
  resolveIngestOptions,
  type IngestOptionsInput,
  type IngestPresetName,
  type ResolvedIngestOptions,
  type SpinKind,
} from './options';
export {
  BAD_ROW_CODES,
  IngestHeaderError,
  ingestRowBatches,
  ingestRows,
  type BadRowCode,
  type IngestedJob,
  type IngestResult,
} from './ingest-rows';
export { IngestTally, summarize, type IngestSummary } from './summary';
export {
  bareGeometryLines,
  csvField,
  generateArchitectorCsv,
  GENERATED_CSV_COLUMNS,
  seededRandom,
  type GenerateCsvOptions,
} from './generate-architector-csv';
export { buildComplex, LIGANDS, type CoordinationGeometry, type LigandName } from './synthetic-complexes';
