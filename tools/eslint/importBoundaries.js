// The package import table of docs/architecture.md and the environment folders, as one
// lint rule. Kept here (not in a plugin) so the table sits next to its enforcement.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { readFileSync } from 'node:fs';

const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '../..');

/** Which workspace packages each package or app may import. */
export const allowedImports = {
  'packages/protocol': [],
  'packages/editor-core': ['@marie/protocol'],
  'packages/ui': ['@marie/protocol', '@marie/editor-core'],
  'packages/indexer': ['@marie/protocol'],
  'packages/enterprise-agent': ['@marie/protocol'],
  'packages/host': ['@marie/protocol', '@marie/indexer', '@marie/enterprise-agent'],
  'apps/desktop': ['*'],
  'apps/cli': ['*'],
  'apps/server': ['@marie/protocol', '@marie/enterprise-agent'],
  'apps/console': ['@marie/protocol', '@marie/ui'],
};

/** What code in each environment folder must not reach. */
const environments = {
  common: { banned: ['node', 'browser', 'worker', 'electron-main', 'electron'], nodeBuiltins: false },
  browser: { banned: ['node', 'worker', 'electron-main', 'electron'], nodeBuiltins: false },
  node: { banned: ['browser', 'electron-main', 'electron'], nodeBuiltins: true },
  worker: { banned: ['browser', 'electron-main', 'electron'], nodeBuiltins: true },
  'electron-main': { banned: ['browser'], nodeBuiltins: true },
  preload: { banned: ['node', 'browser', 'worker'], nodeBuiltins: false },
};

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const exportsCache = new Map();

function packageOf(file) {
  const rel = relative(repoRoot, file).split(sep);
  if ((rel[0] === 'packages' || rel[0] === 'apps') && rel[1]) return `${rel[0]}/${rel[1]}`;
  return undefined;
}

function environmentOf(file) {
  const parts = relative(repoRoot, file).split(sep);
  const src = parts.indexOf('src');
  return src >= 0 ? parts[src + 1] : undefined;
}

function workspaceExports(name) {
  if (!exportsCache.has(name)) {
    let subpaths = null;
    for (const base of ['packages', 'apps']) {
      try {
        const pkg = JSON.parse(readFileSync(resolve(repoRoot, base, name.replace('@marie/', ''), 'package.json'), 'utf8'));
        if (pkg.name === name) subpaths = Object.keys(pkg.exports ?? {});
      } catch {
        /* not in this folder */
      }
    }
    exportsCache.set(name, subpaths);
  }
  return exportsCache.get(name);
}

export const importBoundaries = {
  meta: { type: 'problem', schema: [], docs: { description: 'Enforce the package import table and environment folders' } },
  create(context) {
    const file = context.filename;
    const pkg = packageOf(file);
    const env = environmentOf(file);
    if (!pkg || file.endsWith('.test.ts') || file.endsWith('.test.tsx')) return {};
    const allowed = allowedImports[pkg];
    const rules = environments[env];

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      const report = (message) => context.report({ node, message });
      if (spec.startsWith('@marie/')) {
        const [scope, name, ...sub] = spec.split('/');
        const target = `${scope}/${name}`;
        if (!allowed) return report(`${pkg} is not in the import table`);
        if (!allowed.includes('*') && !allowed.includes(target)) return report(`${pkg} may not import ${target} (allowed: ${allowed.join(', ') || 'nothing internal'})`);
        const subpath = sub.length ? `./${sub.join('/')}` : '.';
        const exported = workspaceExports(target);
        if (exported && !exported.includes(subpath)) return report(`${spec} is a deep import; ${target} exports only ${exported.join(', ')}`);
        return;
      }
      if (spec.startsWith('.')) {
        const resolved = resolve(dirname(file), spec);
        if (packageOf(resolved) !== pkg) return report(`relative import ${spec} leaves ${pkg}; import the package by name`);
        const targetEnv = environmentOf(resolved);
        if (rules && targetEnv && targetEnv !== env && rules.banned.includes(targetEnv)) return report(`code in ${env}/ may not import from ${targetEnv}/`);
        return;
      }
      if (rules && !rules.nodeBuiltins && builtins.has(spec)) return report(`code in ${env}/ may not import the Node module ${spec}`);
      if (rules && spec === 'electron' && rules.banned.includes('electron')) return report(`code in ${env}/ may not import electron`);
    }

    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
    };
  },
};
