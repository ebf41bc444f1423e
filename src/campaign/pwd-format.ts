import { z } from 'zod';
import {
  coresField,
  identifier,
  maxAttemptsField,
  memoryMbField,
  recoveryStrategy,
  walltimeMinutesField,
} from './fields';

/**
 * The Python Workflow Definition (PWD) as orcastrate writes and reads it: `{ version, nodes, edges }`,
 * nodes `input` (name, value), `output` (name) and `function` (value: a dotted `module.function`),
 * edges `{ source, sourcePort, target, targetPort }` with `sourcePort: null` for a whole result.
 */
export const PWD_VERSION = '0.0.1';

/** One ORCA step: `run_orca_step(structure, keywords, blocks=None, depends_on=None)` → its results. */
export const STEP_FUNCTION = 'orcastrate.run_orca_step';
/** PWD's own helper gathering several results into one list (ports "0", "1", …). */
export const LIST_FUNCTION = 'python_workflow_definition.shared.get_list';

/** The ports of STEP_FUNCTION. */
export const STEP_PORTS = {
  /** The starting geometry (with charge and multiplicity): the campaign's per job, or a step's output. */
  structure: 'structure',
  keywords: 'keywords',
  blocks: 'blocks',
  /** The results of the steps this one waits for (a get_list node, or one step). */
  dependsOn: 'depends_on',
} as const;
/** The output of STEP_FUNCTION that feeds another step's structure: the step's final geometry. */
export const STRUCTURE_OUTPUT = 'structure';
/** The name of the one input node that stands for each job's structure (its value is null). */
export const STRUCTURE_INPUT = 'structure';

const nodeId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const port = z.string().min(1).max(200).nullable().optional();

/** PWD nodes as read; fields other readers add are ignored, a type we cannot map is refused later. */
export const pwdNodeSchema = z.object({
  id: nodeId,
  type: z.string().min(1).max(100),
  name: z.string().max(200).optional(),
  value: z.unknown().optional(),
});
export const pwdEdgeSchema = z.object({ source: nodeId, sourcePort: port, target: nodeId, targetPort: port });
/** A PWD file; `version` may be missing (PWD's own examples omit it). */
export const pwdWorkflowSchema = z.object({
  version: z.string().max(100).optional(),
  nodes: z.array(pwdNodeSchema).max(10_000),
  edges: z.array(pwdEdgeSchema).max(100_000),
});
export type PwdNode = z.output<typeof pwdNodeSchema>;
export type PwdEdge = z.output<typeof pwdEdgeSchema>;
export type PwdWorkflow = z.output<typeof pwdWorkflowSchema>;

/** A node as we write it, without its id. */
export type PwdNodeBody =
  | { type: 'input'; name: string; value: unknown }
  | { type: 'output'; name: string }
  | { type: 'function'; value: string };

/** What we write: the same shapes, every field present. */
export interface PwdWorkflowOut {
  version: string;
  nodes: ({ id: number } & PwdNodeBody)[];
  edges: { target: number; targetPort: string | null; source: number; sourcePort: string | null }[];
}

/** Marks our extensions file (the settings PWD has no place for). */
export const EXTENSIONS_FORMAT = 'orcastrate-pwd-extensions';

/** Per step node (keyed by its PWD node id): its name and the settings that are not chemistry. */
export const stepExtensionSchema = z.strictObject({
  name: identifier,
  cores: coresField.optional(),
  memoryMb: memoryMbField.optional(),
  walltimeMinutes: walltimeMinutesField.optional(),
  recovery: z
    .strictObject({ strategy: recoveryStrategy.optional(), maxAttempts: maxAttemptsField.optional() })
    .optional(),
});
export const pwdExtensionsSchema = z.strictObject({
  format: z.literal(EXTENSIONS_FORMAT),
  version: z.literal(1),
  /** The PWD file these settings belong to (informative). */
  workflow: z.string().max(1000).optional(),
  steps: z.record(z.string().regex(/^\d+$/, 'a node id'), stepExtensionSchema),
});
export type StepExtension = z.output<typeof stepExtensionSchema>;
export type PwdExtensions = z.output<typeof pwdExtensionsSchema>;
