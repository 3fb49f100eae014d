import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * `@tessera/testing` is for tests, the lab and scripts only: no production package may load it
 * at run time, neither through its manifest nor through an import in its src/.
 */
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const testingRoot = join(repositoryRoot, 'packages/testing');
const productionPackages = ['core', 'store-sql', 'store-redis', 'server', 'verify'];
/** Test support packages: published for other packages' tests, never loaded by production code. */
const testSupportPackages = ['store-contract', 'testing'];

type Manifest = { name: string; private?: boolean } & Partial<Record<'dependencies' | 'peerDependencies' | 'optionalDependencies' | 'devDependencies', Record<string, string>>>;

function manifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(directory, entry.name)) : /\.[cm]?ts$/.test(entry.name) ? [join(directory, entry.name)] : [],
  );
}

/** Every module specifier a file names: imports, re-exports, `import()`, `require()`, `import('x').T`. */
function specifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteralLike(node.argument.literal)) found.push(node.argument.literal.text);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const argument = node.arguments[0];
      found.push(argument !== undefined && ts.isStringLiteralLike(argument) ? argument.text : '<computed>');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Why `specifier`, named by `file`, reaches the testing toolkit; undefined when it does not. */
function reachesTesting(file: string, specifier: string): string | undefined {
  if (specifier === '@tessera/testing' || specifier.startsWith('@tessera/testing/')) return 'imports @tessera/testing';
  if (specifier.startsWith('.') && !relative(testingRoot, resolve(file, '..', specifier)).startsWith('..')) return 'imports a file of packages/testing';
  return undefined;
}

describe('@tessera/testing stays out of production', () => {
  it('every workspace package is either a production package or test support, and the toolkit is private', () => {
    const packages = readdirSync(join(repositoryRoot, 'packages')).filter((name) => !manifest(join(repositoryRoot, 'packages', name)).private);
    expect(packages.sort()).toEqual([...productionPackages, 'store-contract'].sort());
    expect(manifest(testingRoot).private).toBe(true);
    expect(testSupportPackages.every((name) => !productionPackages.includes(name))).toBe(true);
  });

  it.each(productionPackages)('%s declares it at most as a devDependency', (name) => {
    const own = manifest(join(repositoryRoot, 'packages', name));
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
      expect(Object.keys(own[field] ?? {}), `${name} ${field}`).not.toContain('@tessera/testing');
    }
  });

  it.each(productionPackages)('%s/src imports nothing of it', (name) => {
    const root = join(repositoryRoot, 'packages', name, 'src');
    const files = sourceFiles(root);
    expect(files.length).toBeGreaterThan(0);
    const problems = files.flatMap((file) => specifiers(file).flatMap((specifier) => reachesTesting(file, specifier) ?? []).map((why) => `${relative(repositoryRoot, file)}: ${why}`));
    expect(problems).toEqual([]);
  });

  it('the checker catches the package name, a deep import and a relative path into packages/testing', () => {
    const file = join(repositoryRoot, 'packages/server/src/x.ts');
    expect(reachesTesting(file, '@tessera/testing')).toBeDefined();
    expect(reachesTesting(file, '@tessera/testing/src/index.js')).toBeDefined();
    expect(reachesTesting(file, '../../testing/src/index.js')).toBeDefined();
    expect(reachesTesting(file, './compose/compose-tessera.js')).toBeUndefined();
    expect(reachesTesting(file, '@tessera/core')).toBeUndefined();
    expect(specifiers(join(testingRoot, 'test/production-boundary.test.ts'))).toContain('typescript');
  });

  it('npm ls: the production dependency tree of the production packages holds no @tessera/testing', () => {
    const workspaces = productionPackages.flatMap((name) => ['--workspace', `packages/${name}`]);
    const output = execFileSync('npm', ['ls', '--all', '--omit=dev', '--json', ...workspaces], { cwd: repositoryRoot, encoding: 'utf8', maxBuffer: 64 << 20 });
    const tree = JSON.parse(output) as { dependencies?: Record<string, unknown> };
    const names = Object.keys(tree.dependencies ?? {});
    expect(names).toEqual(expect.arrayContaining(productionPackages.map((name) => `@tessera/${name}`)));
    expect(output).not.toContain('@tessera/testing');
  });
});
