import { z } from 'zod';
import { DEFAULT_MAX_RECORD_CHARS } from './csv-records';

/**
 * `uhf`: the spin column holds the number of unpaired electrons (multiplicity = uhf + 1);
 * `multiplicity`: it holds 2S + 1 directly.
 */
export const SPIN_KINDS = ['uhf', 'multiplicity'] as const;
export type SpinKind = (typeof SPIN_KINDS)[number];

export const GEOMETRY_FORMATS = ['auto', 'bare', 'xyz', 'mol2'] as const;

export interface ColumnSettings {
  geometryColumn: string;
  chargeColumn: string;
  spinColumn: string;
  spinKind: SpinKind;
}

/**
 * `default`: a table of Architector-generated complexes with bare `El x y z` geometries.
 * `architector`: Architector's own output table. Its `xtb_total_charge` / `xtb_n_unpaired_electrons`
 * can differ from the requested state for f-block metals (xTB treats f electrons in the core), so
 * the requested `total_charge` / `calc_n_unpaired_electrons` are used.
 */
export const INGEST_PRESETS = {
  default: { geometryColumn: 'aligned_csd_core', chargeColumn: 'charge', spinColumn: 'uhf', spinKind: 'uhf' },
  architector: {
    geometryColumn: 'mol2string',
    chargeColumn: 'total_charge',
    spinColumn: 'calc_n_unpaired_electrons',
    spinKind: 'uhf',
  },
} as const satisfies Record<string, ColumnSettings>;

export type IngestPresetName = keyof typeof INGEST_PRESETS;

const columnName = z.string().trim().min(1);

/** JSON-friendly ingest options; every field is optional and falls back to the chosen preset. */
export const IngestOptionsSchema = z
  .object({
    preset: z.enum(['default', 'architector']).default('default'),
    geometryColumn: columnName.optional(),
    /** `auto` detects bare lines, standard XYZ or mol2 for each row. */
    geometryFormat: z.enum(GEOMETRY_FORMATS).default('auto'),
    chargeColumn: columnName.optional(),
    spinColumn: columnName.optional(),
    spinKind: z.enum(SPIN_KINDS).optional(),
    /** Extra columns copied verbatim into `job.extras` (e.g. `orcasim_fault`); absent ones are skipped. */
    keepColumns: z.array(columnName).default([]),
    /** A column of per-row ORCA keywords (`! …`) that replace the step's; empty cells keep them. */
    orcaKeywordsColumn: columnName.optional(),
    /** A column of per-row `%` blocks, merged into the step's by name; empty cells add none. */
    orcaBlocksColumn: columnName.optional(),
    /** Guard against an unbalanced quote swallowing the rest of the file. */
    maxRecordChars: z.number().int().positive().default(DEFAULT_MAX_RECORD_CHARS),
  })
  .strict();

export type IngestOptionsInput = z.input<typeof IngestOptionsSchema>;

export interface ResolvedIngestOptions extends ColumnSettings {
  geometryFormat: (typeof GEOMETRY_FORMATS)[number];
  keepColumns: string[];
  orcaKeywordsColumn?: string;
  orcaBlocksColumn?: string;
  maxRecordChars: number;
}

/** Validates options (throws a ZodError on bad input) and fills gaps from the preset. */
export function resolveIngestOptions(input: IngestOptionsInput | undefined = {}): ResolvedIngestOptions {
  const options = IngestOptionsSchema.parse(input);
  const preset: ColumnSettings = INGEST_PRESETS[options.preset];
  return {
    geometryColumn: options.geometryColumn ?? preset.geometryColumn,
    chargeColumn: options.chargeColumn ?? preset.chargeColumn,
    spinColumn: options.spinColumn ?? preset.spinColumn,
    spinKind: options.spinKind ?? preset.spinKind,
    geometryFormat: options.geometryFormat,
    keepColumns: options.keepColumns,
    ...(options.orcaKeywordsColumn === undefined ? {} : { orcaKeywordsColumn: options.orcaKeywordsColumn }),
    ...(options.orcaBlocksColumn === undefined ? {} : { orcaBlocksColumn: options.orcaBlocksColumn }),
    maxRecordChars: options.maxRecordChars,
  };
}
