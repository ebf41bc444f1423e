import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

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

/** What a file imports or re-exports (`import type` included), resolved to `src/...` when relative. */
export function importsOf(file: string, text?: string): string[] {
  const specifiers: string[] = [];
  for (const statement of parse(file, text).statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      const specifier = statement.moduleSpecifier.text;
      specifiers.push(
        specifier.startsWith('.')
          ? path.join(path.dirname(file), specifier).split(path.sep).join('/')
          : specifier,
      );
    }
  }
  return specifiers;
}
