import type { z } from 'zod';

/**
 * Turns zod issues into one line per problem, naming the field: `orca.cores: Too small...`. An
 * unknown field is named with the closest known one (`pollIntervalSecond: unknown field (did you mean
 * pollIntervalSeconds?)`), because a misspelt field silently falling back to its default is worse
 * than an error. Pure: safe in workflow code.
 */
export function describeInputIssues(schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const known = objectKeysAt(schema, issue.path);
      return issue.keys.map((key) => {
        const field = [...issue.path, key].join('.');
        const closest = known && closestName(key, known);
        return `${field}: unknown field${closest ? ` (did you mean ${[...issue.path, closest].join('.')}?)` : ''}`;
      });
    }
    return [`${issue.path.length ? issue.path.join('.') : '(input)'}: ${issue.message}`];
  });
}

interface SchemaNode {
  _zod: {
    def: {
      type: string;
      innerType?: SchemaNode;
      shape?: Record<string, SchemaNode>;
      element?: SchemaNode;
      valueType?: SchemaNode;
      in?: SchemaNode;
    };
  };
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

function unwrap(node: SchemaNode): SchemaNode {
  let current = node;
  for (;;) {
    const def = current._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

/** The field names of the object schema found at `path`, if there is one. */
function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let node = unwrap(schema);
  for (const segment of path) {
    const def = node._zod.def;
    const next =
      def.type === 'object'
        ? def.shape?.[String(segment)]
        : def.type === 'array'
          ? def.element
          : def.type === 'record'
            ? def.valueType
            : undefined;
    if (!next) return undefined;
    node = unwrap(next);
  }
  const { shape } = node._zod.def;
  return node._zod.def.type === 'object' && shape ? Object.keys(shape) : undefined;
}

/** The known name nearest to `name` (case-insensitive edit distance), if it is plausibly a typo. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  if (!best) return undefined;
  const allowed = Math.max(2, Math.floor(Math.max(name.length, best.name.length) / 3));
  return best.distance <= allowed ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * `raw` without the fields the issues call unknown. For workflows started before input became strict
 * (replayed behind a patch): they keep running as they did, ignoring those fields.
 */
export function withoutUnknownFields(raw: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  const unknown = issues.filter((issue) => issue.code === 'unrecognized_keys');
  if (unknown.length === 0) return raw;
  const copy = JSON.parse(JSON.stringify(raw)) as unknown;
  for (const issue of unknown) {
    let target: unknown = copy;
    for (const segment of issue.path)
      target = (target as Record<PropertyKey, unknown> | undefined)?.[segment];
    if (typeof target !== 'object' || target === null) continue;
    for (const key of issue.keys) delete (target as Record<string, unknown>)[key];
  }
  return copy;
}

/**
 * Parses untrusted input with `schema`: the data, or one problem per field (unknown fields named with
 * the closest known one). `ignoreUnknownFields` drops unknown fields instead (older workflows).
 */
export function parseInputWith<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  options: { ignoreUnknownFields?: boolean } = {},
): { ok: true; data: z.output<S> } | { ok: false; problems: string[] } {
  let result = schema.safeParse(raw);
  if (!result.success && options.ignoreUnknownFields) {
    result = schema.safeParse(withoutUnknownFields(raw, result.error.issues));
  }
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, problems: describeInputIssues(schema, result.error.issues) };
}

/** Input that failed validation: one problem per field, each naming it. */
export class InputProblemsError extends Error {
  constructor(
    what: string,
    readonly problems: string[],
  ) {
    super(`invalid ${what} input: ${problems.join('; ')}`);
  }
}

/** parseInputWith, throwing `toError(problems)` for bad input. */
export function parseInputOrThrow<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  options: { ignoreUnknownFields?: boolean },
  toError: (problems: string[]) => Error,
): z.output<S> {
  const parsed = parseInputWith(schema, raw, options);
  if (parsed.ok) return parsed.data;
  throw toError(parsed.problems);
}
