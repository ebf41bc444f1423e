import type { ResolvedIngestOptions } from './options';

/** The ingest options that decide which jobs a CSV becomes (not `maxRecordChars`: a guard only). */
export interface IngestOptionsFingerprint {
  geometryColumn: string;
  geometryFormat: string;
  chargeColumn: string;
  spinColumn: string;
  spinKind: string;
  keepColumns: string[];
  /** Only when set: fingerprints stored before these options existed read the same. */
  orcaKeywordsColumn?: string;
  orcaBlocksColumn?: string;
}

const OPTIONAL_KEYS = ['orcaKeywordsColumn', 'orcaBlocksColumn'] as const;

export function ingestOptionsFingerprint(options: ResolvedIngestOptions): IngestOptionsFingerprint {
  return {
    geometryColumn: options.geometryColumn,
    geometryFormat: options.geometryFormat,
    chargeColumn: options.chargeColumn,
    spinColumn: options.spinColumn,
    spinKind: options.spinKind,
    keepColumns: [...new Set(options.keepColumns)].sort(),
    ...(options.orcaKeywordsColumn === undefined ? {} : { orcaKeywordsColumn: options.orcaKeywordsColumn }),
    ...(options.orcaBlocksColumn === undefined ? {} : { orcaBlocksColumn: options.orcaBlocksColumn }),
  };
}

/** `keepColumns: ["note"] then, ["name","note"] now` per differing option (stored from jsonb, key order lost). */
export function ingestOptionChanges(stored: unknown, fingerprint: IngestOptionsFingerprint): string[] {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const keys = new Set<keyof IngestOptionsFingerprint>([
    ...(Object.keys(fingerprint) as (keyof IngestOptionsFingerprint)[]),
    ...OPTIONAL_KEYS,
  ]);
  return [...keys].flatMap((key) => {
    const before = JSON.stringify(record[key]) ?? 'unset';
    const now = JSON.stringify(fingerprint[key]) ?? 'unset';
    return before === now ? [] : [`${key}: ${before} then, ${now} now`];
  });
}
