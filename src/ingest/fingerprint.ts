import type { ResolvedIngestOptions } from './options';

/** The ingest options that decide which jobs a CSV becomes (not `maxRecordChars`: a guard only). */
export interface IngestOptionsFingerprint {
  geometryColumn: string;
  geometryFormat: string;
  chargeColumn: string;
  spinColumn: string;
  spinKind: string;
  keepColumns: string[];
}

export function ingestOptionsFingerprint(options: ResolvedIngestOptions): IngestOptionsFingerprint {
  return {
    geometryColumn: options.geometryColumn,
    geometryFormat: options.geometryFormat,
    chargeColumn: options.chargeColumn,
    spinColumn: options.spinColumn,
    spinKind: options.spinKind,
    keepColumns: [...new Set(options.keepColumns)].sort(),
  };
}

/** `keepColumns: ["note"] then, ["name","note"] now` per differing option (stored from jsonb, key order lost). */
export function ingestOptionChanges(stored: unknown, fingerprint: IngestOptionsFingerprint): string[] {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  return (Object.keys(fingerprint) as (keyof IngestOptionsFingerprint)[]).flatMap((key) => {
    const before = JSON.stringify(record[key]) ?? 'unset';
    const now = JSON.stringify(fingerprint[key]);
    return before === now ? [] : [`${key}: ${before} then, ${now} now`];
  });
}
