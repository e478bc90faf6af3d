import { readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import pluginGenerator, { templateNames } from './generator';

const GATEWAY_PLUGINS = `import { ccrPlugin } from '@ferry/ccr-core';
import type { FerryPlugin } from '@ferry/core';

/** Every plugin the gateway serves: the one place where they are listed. */
export const plugins: readonly FerryPlugin<any>[] = [ccrPlugin];
`;

describe('nx g @ferry/tools:plugin', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('apps/gateway/src/plugins.ts', GATEWAY_PLUGINS);
    tree.write('tsconfig.base.json', '{\n  "compilerOptions": {\n    "paths": {\n      "@ferry/core": ["libs/core/src/index.ts"]\n    }\n  }\n}\n');
  });

  it('creates the canonical plugin layout with names filled in', async () => {
    await pluginGenerator(tree, { name: 'audit-log', skipInstall: true });
    for (const file of ['plugin.ts', 'config.ts', 'migrations.ts', 'openapi.ts', 'tokens.ts', 'index.ts', 'items/items.routes.ts', 'items/items.schemas.ts', 'items/items.service.ts', 'items/items.test.ts']) {
      expect(tree.exists(`libs/audit-log/src/${file}`)).toBe(true);
    }
    const plugin = tree.read('libs/audit-log/src/plugin.ts', 'utf-8')!;
    expect(plugin).toContain("export const auditLogPlugin = definePlugin<AuditLogConfig>({");
    expect(plugin).toContain("mounts: ['/_audit-log']");
    expect(plugin).not.toMatch(/<%|%>/);
    expect(tree.read('libs/audit-log/src/migrations.ts', 'utf-8')).toContain('CREATE TABLE audit_log_items');
    expect(readJson(tree, 'libs/audit-log/project.json')).toMatchObject({ name: 'audit-log', tags: ['scope:audit-log', 'type:plugin'] });
    expect(readJson(tree, 'libs/audit-log/package.json').name).toBe('@ferry/audit-log');
  });

  it('registers the plugin in the gateway and in tsconfig paths, once', async () => {
    await pluginGenerator(tree, { name: 'audit-log', resource: 'entries', skipInstall: true });
    const gateway = tree.read('apps/gateway/src/plugins.ts', 'utf-8')!;
    expect(gateway).toContain("import { auditLogPlugin } from '@ferry/audit-log';\n");
    expect(gateway).toContain('= [ccrPlugin, auditLogPlugin];');
    expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@ferry/audit-log']).toEqual(['libs/audit-log/src/index.ts']);
    expect(tree.exists('libs/audit-log/src/entries/entries.service.ts')).toBe(true);
    await expect(pluginGenerator(tree, { name: 'audit-log', skipInstall: true })).rejects.toThrow('libs/audit-log already exists');
  });

  it('finds the list whether or not its element type has a type argument', async () => {
    tree.write('apps/gateway/src/plugins.ts', GATEWAY_PLUGINS.replace('FerryPlugin<any>[]', 'FerryPlugin[]'));
    await pluginGenerator(tree, { name: 'audit-log', skipInstall: true });
    expect(tree.read('apps/gateway/src/plugins.ts', 'utf-8')).toContain('export const plugins: readonly FerryPlugin[] = [ccrPlugin, auditLogPlugin];');
  });

  it('leaves the gateway alone with --register=false', async () => {
    await pluginGenerator(tree, { name: 'metrics-sink', register: false, skipInstall: true });
    expect(tree.read('apps/gateway/src/plugins.ts', 'utf-8')).toBe(GATEWAY_PLUGINS);
  });

  it.each(['Audit', '1st', 'a_b', ''])('refuses the name %j', (name) => {
    expect(() => templateNames({ name })).toThrow(/invalid/);
  });

  it('names a missing plugin list instead of guessing', async () => {
    tree.write('apps/gateway/src/plugins.ts', 'export const other = 1;\n');
    await expect(pluginGenerator(tree, { name: 'x', skipInstall: true })).rejects.toThrow(/'export const plugins' list was not found/);
  });
});
