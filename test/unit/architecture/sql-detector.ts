/**
 * SQL statements as the code base writes them: keywords in capitals, followed by what only a
 * statement has there (a table after INSERT INTO, SET after UPDATE's table, …). Prose in
 * capitals ("-----BEGIN CERTIFICATE", "RELEASE") has none of that structure.
 */
const STATEMENTS: RegExp[] = [
  /\bSELECT\s+(?:DISTINCT\s+)?[\w*$(']/,
  /\bINSERT\s+INTO\s+\w/,
  /\bUPDATE\s+\w+(?:\s+(?:AS\s+)?\w+)?\s+SET\s/,
  /\bDELETE\s+FROM\s+\w/,
  /\bTRUNCATE\s+(?:TABLE\s+)?\w/,
  /\bCREATE\s+(?:UNIQUE\s+|OR\s+REPLACE\s+|TEMP(?:ORARY)?\s+)?(?:TABLE|INDEX|DATABASE|SCHEMA|VIEW|FUNCTION|TYPE|EXTENSION|SEQUENCE|TRIGGER)\b/,
  /\b(?:ALTER|DROP)\s+(?:TABLE|INDEX|DATABASE|SCHEMA|VIEW|FUNCTION|TYPE|EXTENSION|SEQUENCE|TRIGGER)\b/,
  /\bWITH\s+(?:RECURSIVE\s+)?\w+(?:\s*\([\w\s,]*\))?\s+AS\s+(?:(?:NOT\s+)?MATERIALIZED\s+)?\(/,
  /^\s*(?:BEGIN|COMMIT|ROLLBACK|START\s+TRANSACTION)(?:\s+(?:WORK|TRANSACTION))?\s*;?\s*$/,
  /\b(?:SAVEPOINT|RELEASE\s+SAVEPOINT|ROLLBACK\s+TO\s+(?:SAVEPOINT\s+)?)\s*\w+\s*;?\s*$/,
];

/** Statements in small letters are caught when they carry a bind parameter ($1), as ours all do. */
const LOWERCASE_STATEMENT =
  /\b(?:select\b[\s\S]*\bfrom|insert\s+into|update\s+\w+\s+set|delete\s+from)\b[\s\S]*\$\d/i;

/** The first SQL statement found in a string literal's text, if any. */
export function sqlStatementIn(text: string): string | undefined {
  for (const pattern of [...STATEMENTS, LOWERCASE_STATEMENT]) {
    const match = pattern.exec(text);
    if (match) return match[0].trim();
  }
  return undefined;
}
