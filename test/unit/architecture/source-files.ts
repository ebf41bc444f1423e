import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SRC = path.join(REPO_ROOT, 'src');

/** Every `.ts` file under the given folders of the repository, as paths relative to its root. */
export function typeScriptFiles(...folders: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) files.push(path.relative(REPO_ROOT, full));
    }
  };
  for (const folder of folders) walk(path.join(REPO_ROOT, folder));
  return files.sort();
}

/** Every `.ts` file under src/, as paths relative to the repository root (`src/db/jobs.ts`). */
export function sourceFiles(): string[] {
  return typeScriptFiles('src');
}

function parse(file: string, text = readFileSync(path.join(REPO_ROOT, file), 'utf8')): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}

/** The text of each string and template literal; a template's substitutions read as `?`. */
export function stringLiterals(file: string, text?: string): string[] {
  const literals: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.push(node.text);
    else if (ts.isTemplateExpression(node)) {
      literals.push(node.head.text + node.templateSpans.map((span) => `?${span.literal.text}`).join(''));
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file, text));
  return literals;
}

interface ModuleReference {
  specifier: string;
  typeOnly: boolean;
}

function isTypeOnly(statement: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(statement)) {
    const clause = statement.exportClause;
    return (
      statement.isTypeOnly ||
      (!!clause &&
        ts.isNamedExports(clause) &&
        clause.elements.length > 0 &&
        clause.elements.every((e) => e.isTypeOnly))
    );
  }
  const clause = statement.importClause;
  if (!clause) return false;
  const named = clause.namedBindings;
  return (
    clause.isTypeOnly ||
    (!clause.name &&
      !!named &&
      ts.isNamedImports(named) &&
      named.elements.length > 0 &&
      named.elements.every((element) => element.isTypeOnly))
  );
}

const referencesOfFile = new Map<string, ModuleReference[]>();

function moduleReferences(file: string, text?: string): ModuleReference[] {
  const cached = text === undefined ? referencesOfFile.get(file) : undefined;
  if (cached) return cached;
  const references: ModuleReference[] = [];
  for (const statement of parse(file, text).statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      const specifier = statement.moduleSpecifier.text;
      references.push({
        specifier: specifier.startsWith('.')
          ? path.join(path.dirname(file), specifier).split(path.sep).join('/')
          : specifier,
        typeOnly: isTypeOnly(statement),
      });
    }
  }
  if (text === undefined) referencesOfFile.set(file, references);
  return references;
}

/** What a file imports or re-exports (`import type` included), resolved to `src/...` when relative. */
export function importsOf(file: string, text?: string): string[] {
  return moduleReferences(file, text).map((reference) => reference.specifier);
}

/** Like importsOf, without the imports TypeScript erases (`import type`, all-`type` specifier lists). */
export function valueImportsOf(file: string, text?: string): string[] {
  return moduleReferences(file, text).flatMap((reference) =>
    reference.typeOnly ? [] : [reference.specifier],
  );
}

/** The source file a resolved `src/...` specifier loads: `src/x.ts` or `src/x/index.ts`. */
export function resolveSource(specifier: string, files: readonly string[]): string | undefined {
  return [`${specifier}.ts`, `${specifier}/index.ts`].find((candidate) => files.includes(candidate));
}
