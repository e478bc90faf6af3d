import { execFileSync } from 'node:child_process';
import { generateFiles, joinPathFragments, names, readJson, type Tree } from '@nx/devkit';

/** Options of the `plugin` generator (see schema.json). */
export interface PluginGeneratorSchema {
  /** Plugin id and library folder, e.g. `audit-log`. */
  name: string;
  /** First resource the plugin serves, plural, e.g. `items`. */
  resource?: string;
  /** Add the plugin to the gateway's plugin list (default true). */
  register?: boolean;
  /** Do not run `npm install` afterwards (which links the new workspace package into node_modules). */
  skipInstall?: boolean;
}

const ID_PATTERN = /^[a-z][a-z0-9-]*$/;
const PLUGINS_FILE = 'apps/gateway/src/plugins.ts';
const PLUGIN_LIST = /export const plugins: readonly FerryPlugin(?:<[^>]*>)?\[\] = \[([^\]]*)\];/;

/** The names the templates use, derived once from the options. */
export function templateNames(options: PluginGeneratorSchema) {
  const resource = options.resource ?? 'items';
  for (const [what, value] of [['name', options.name], ['resource', resource]] as const) {
    if (!ID_PATTERN.test(value)) throw new Error(`plugin ${what} '${value}' is invalid: use lowercase letters, digits and dashes, starting with a letter`);
  }
  const n = names(options.name);
  const r = names(resource);
  return {
    /** Plugin id, folder and config section: `audit-log`. */
    id: n.fileName,
    /** `auditLog`, for `auditLogPlugin`. */
    camel: n.propertyName,
    /** `AuditLog`, for `AuditLogConfig`. */
    pascal: n.className,
    /** `AUDIT_LOG`, for `AUDIT_LOG_TOKENS`. */
    constant: n.constantName,
    /** SQL-safe table prefix: `audit_log`. */
    table: n.fileName.replace(/-/g, '_'),
    /** The mount: under `_` so it can never be an index name. */
    mount: `/_${n.fileName}`,
    resource: r.fileName,
    resourceCamel: r.propertyName,
    resourcePascal: r.className,
    importPath: `@ferry/${n.fileName}`,
  };
}

/** Adds `import { xPlugin } from '@ferry/x'` and `xPlugin` to the gateway's one list of plugins. */
function registerInGateway(tree: Tree, t: ReturnType<typeof templateNames>): void {
  const source = tree.read(PLUGINS_FILE, 'utf-8');
  if (source === null) throw new Error(`${PLUGINS_FILE} not found: run the generator at the workspace root or pass --register=false`);
  const match = PLUGIN_LIST.exec(source);
  if (!match) throw new Error(`${PLUGINS_FILE}: the 'export const plugins' list was not found; add ${t.camel}Plugin to it by hand`);
  const value = `${t.camel}Plugin`;
  const entries = match[1].split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.includes(value)) return;
  const list = match[0].replace(match[1], [...entries, value].join(', '));
  const importLine = `import { ${value} } from '${t.importPath}';\n`;
  const lastImport = source.lastIndexOf('\nimport ');
  const insertAt = source.indexOf('\n', lastImport + 1) + 1;
  const withImport = source.slice(0, insertAt) + importLine + source.slice(insertAt);
  tree.write(PLUGINS_FILE, withImport.replace(match[0], list));
}

/** Adds the library to `tsconfig.base.json`'s paths as one line, leaving the file's layout alone. */
function addPath(tree: Tree, importPath: string, target: string): void {
  const file = 'tsconfig.base.json';
  if (readJson(tree, file).compilerOptions?.paths?.[importPath]) return;
  const source = tree.read(file, 'utf-8') ?? '';
  const open = source.indexOf('"paths": {');
  if (open < 0) throw new Error(`${file} has no compilerOptions.paths; add "${importPath}" by hand`);
  const lineEnd = source.indexOf('\n', open) + 1;
  const indent = /\n([ \t]*)"/.exec(source.slice(lineEnd - 1))?.[1] ?? '      ';
  tree.write(file, `${source.slice(0, lineEnd)}${indent}"${importPath}": ["${target}"],\n${source.slice(lineEnd)}`);
}

/** `nx g @ferry/tools:plugin <name>`: a working plugin library in `libs/<name>`, registered in the gateway. */
export default async function pluginGenerator(tree: Tree, options: PluginGeneratorSchema): Promise<(() => void) | undefined> {
  const t = templateNames(options);
  const root = joinPathFragments('libs', t.id);
  if (tree.exists(root)) throw new Error(`${root} already exists`);
  generateFiles(tree, joinPathFragments(__dirname, 'files'), root, { ...t, __resource__: t.resource, tmpl: '' });
  addPath(tree, t.importPath, `${root}/src/index.ts`);
  if (options.register !== false) registerInGateway(tree, t);
  if (options.skipInstall) return undefined;
  // The built gateway requires the plugin by its package name, which only npm's workspace link resolves.
  return () => execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: tree.root, stdio: 'inherit' });
}
