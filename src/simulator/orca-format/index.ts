/**
 * Text blocks in the layout of ORCA 6 output. Only the lines parsers key on follow ORCA's format
 * exactly (labels, column order, number formats); the surrounding prose is the simulator's own.
 */
export * from './text-layout';
export * from './preamble';
export * from './scf';
export * from './properties';
export * from './optimization';
export * from './termination';
