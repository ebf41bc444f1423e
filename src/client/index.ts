// The orcastrate CLI (commander) and the programmatic client api.ts (the package export); commands/ holds one file per command.
// May import every room but src/activities: Postgres through src/db, Temporal through src/temporal and messages.ts.
export { buildProgram, main } from './cli';
export { Orcastrate } from './api';
