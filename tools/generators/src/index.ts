export { default as pluginGenerator, templateNames } from './plugin/generator';
export type { PluginGeneratorSchema } from './plugin/generator';
