// The orcastrate CLI (commander): campaign reports, live status and cleanup; commands/ holds one file per command.
// May import every room but src/activities: Postgres through src/db, Temporal through src/temporal and messages.ts.
export { buildProgram, main } from './cli';
