// Text blocks of the simulator's output in ORCA 6's layout (only the lines parsers key on are exact).
// Imports only its own files and src/ingest geometry types; no Temporal, no I/O.
export * from './text-layout';
export * from './preamble';
export * from './scf';
export * from './properties';
export * from './optimization';
export * from './termination';
export * from './electronic';
export * from './frequencies';
export * from './normal-modes';
