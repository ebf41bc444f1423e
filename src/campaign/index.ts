// The campaign contract: input schema (steps, % blocks), job statuses, submit rejections, search-attribute keys, PWD.
// Workflow-safe: imports zod and its own files only (search-attributes.ts also @temporalio/common); no Node, no I/O.
export * from './input';
export * from './steps';
export * from './resolve-steps';
export { parseOrcaBlocks, replaceBlocksByName, type OrcaBlock } from './orca-blocks';
export { exportPwd } from './pwd-export';
export { importPwd, type PwdImport } from './pwd-import';
export { describeInputIssues, parseInputWith } from './input-problems';
export * from './statuses';
export * from './submit-rejections';
export * from './search-attributes';
