import type { TerminalErrorFacts } from './output-facts';

/** How many of the last non-blank lines are inspected for an error message. */
export const TAIL_LINES_CHECKED = 10;

// Positive patterns only: healthy runs print "Last DIIS Error", "DIIS Error TolErr",
// "Startup error DIISStart", "DIIS-Error :", "UCX  ERROR shmget(...)" and "may cause some error",
// and an in-progress run can stop right after any of them.
const ERROR_LINE_PATTERNS: RegExp[] = [
  /^(?:input\s+)?error\b/i, // "Error : number of electrons (NEL) is zero", "ERROR !!!", "INPUT ERROR"
  /^\[file\s[^\]]*\]\s*:/, // ORCA source-location message printed when it stops on an error
  /^\*+\s*error\b.*\*+$/i, // boxed "*   ERROR   *"
  /UNRECOGNIZED OR DUPLICATED KEYWORD/,
  /segmentation fault|MPI_ABORT was invoked|mpirun noticed that process/i,
];
const ERROR_TERMINATION = /error termination in\s+(.*?)\s*$/;

export function isErrorLine(line: string): boolean {
  const trimmed = line.trim();
  return ERROR_LINE_PATTERNS.some((pattern) => pattern.test(trimmed));
}

/** The first error line among the last `TAIL_LINES_CHECKED` non-blank lines of `tailText`, if any. */
export function findTailError(tailText: string): string | null {
  const lines: string[] = [];
  for (let end = tailText.length; end > 0 && lines.length < TAIL_LINES_CHECKED;) {
    const start = tailText.lastIndexOf('\n', end - 1) + 1;
    const line = tailText.slice(start, end);
    if (line.trim().length > 0) lines.unshift(line);
    end = start - 1;
  }
  for (const line of lines) {
    if (isErrorLine(line)) return line.trim();
  }
  return null;
}

/** Counts "ORCA finished by error termination in <module>" and "aborting the run" lines. */
export function readTerminalErrors(tailText: string): TerminalErrorFacts {
  const facts: TerminalErrorFacts = { errorTerminationModule: null, errorTerminations: 0, abortMarkers: 0 };
  if (!tailText.includes('error termination') && !/borting the run/.test(tailText)) return facts;
  for (const line of tailText.split('\n')) {
    const termination = ERROR_TERMINATION.exec(line);
    if (termination && line.includes('ORCA finished by error termination')) {
      facts.errorTerminations++;
      facts.errorTerminationModule ??= termination[1] || null;
    } else if (/aborting the run/i.test(line)) {
      facts.abortMarkers++;
    }
  }
  return facts;
}
