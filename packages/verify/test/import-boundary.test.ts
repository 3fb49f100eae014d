import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const sourceRoot = join(packageRoot, 'src');

/** Frameworks an adapter may mention, for types only (the adapter is handed the app; it never loads it). */
const ADAPTER_TYPE_ONLY = new Set(['express', 'express-serve-static-core', 'fastify', 'hono']);

interface ModuleReference {
  readonly specifier: string;
  readonly typeOnly: boolean;
  readonly line: number;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : [],
  );
}

/** Every module a file refers to: imports, re-exports, `import()`, `require()`, `import('x').T` types, `declare module`. */
function references(file: string): ModuleReference[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: ModuleReference[] = [];
  const add = (literal: ts.Node, typeOnly: boolean): void => {
    if (ts.isStringLiteralLike(literal)) {
      found.push({ specifier: literal.text, typeOnly, line: source.getLineAndCharacterOfPosition(literal.getStart()).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      // `import { type A }` still loads the module under verbatimModuleSyntax; only `import type` is erased.
      add(node.moduleSpecifier, node.importClause?.isTypeOnly === true);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      add(node.name, true);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const dynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const requireCall = ts.isIdentifier(callee) && callee.text === 'require';
      if ((dynamicImport || requireCall) && node.arguments[0] !== undefined) {
        if (ts.isStringLiteralLike(node.arguments[0])) add(node.arguments[0], false);
        else found.push({ specifier: '<computed>', typeOnly: false, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function violation(file: string, reference: ModuleReference): string | undefined {
  const { specifier, typeOnly } = reference;
  if (specifier === 'jose' || specifier.startsWith('node:')) return undefined;
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    const target = join(file, '..', specifier);
    return relative(sourceRoot, target).startsWith('..') ? 'relative import leaves src/' : undefined;
  }
  const inAdapters = relative(sourceRoot, file).startsWith(`adapters`);
  if (inAdapters && ADAPTER_TYPE_ONLY.has(specifier)) return typeOnly ? undefined : 'framework import must be `import type`';
  return 'not allowed (only jose, node:*, relative files, and type-only framework imports in adapters)';
}

describe('@tessera/verify import boundary', () => {
  const files = sourceFiles(sourceRoot);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports only jose, node:* built-ins, its own files, and (adapters only, types only) express/fastify/hono', () => {
    const problems = files.flatMap((file) =>
      references(file).flatMap((reference) => {
        const problem = violation(file, reference);
        return problem === undefined ? [] : [`${relative(packageRoot, file)}:${reference.line} ${reference.specifier}: ${problem}`];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('the checker itself catches what it must (server/store/core code, value imports of frameworks, bare built-ins)', () => {
    const adapter = join(sourceRoot, 'adapters', 'x.ts');
    const core = join(sourceRoot, 'x.ts');
    expect(violation(core, { specifier: '@tessera/core', typeOnly: true, line: 1 })).toBeDefined();
    expect(violation(core, { specifier: '@tessera/server', typeOnly: false, line: 1 })).toBeDefined();
    expect(violation(core, { specifier: '../../core/src/index.js', typeOnly: false, line: 1 })).toBeDefined();
    expect(violation(core, { specifier: 'crypto', typeOnly: false, line: 1 })).toBeDefined();
    expect(violation(core, { specifier: 'express', typeOnly: true, line: 1 })).toBeDefined();
    expect(violation(adapter, { specifier: 'express', typeOnly: false, line: 1 })).toBeDefined();
    expect(violation(adapter, { specifier: 'express', typeOnly: true, line: 1 })).toBeUndefined();
    expect(violation(core, { specifier: '<computed>', typeOnly: false, line: 1 })).toBeDefined();
    const sample = join(packageRoot, 'test', 'import-boundary.test.ts');
    expect(references(sample).some((reference) => reference.specifier === 'typescript' && !reference.typeOnly)).toBe(true);
  });

  it('declares jose as its only runtime dependency', () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(['jose']);
    expect(manifest.peerDependencies).toBeUndefined();
    expect(manifest.optionalDependencies).toBeUndefined();
  });
});
