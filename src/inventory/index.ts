/** Inventory: sources, the model, host patterns, and ansible-inventory's output. */
export { Inventory } from './inventory.js';
export type { InventoryOptions, SelectOptions, HostVarsOptions, GroupView } from './inventory.js';
export { LOCALHOST_NAMES } from './inventory-data.js';
export type { CurrentSource } from './inventory-data.js';
export type { Vars, TransformGroupChars } from './group.js';
export { InventoryError } from './errors.js';
export {
  loadInventory,
  InventoryLoadError,
  DEFAULT_IGNORE_EXTENSIONS,
  DEFAULT_ENABLED_PLUGINS,
  unfrackPath,
} from './load.js';
export type { LoadInventoryOptions, LoadInventoryResult, SourceFailure } from './load.js';
export type { DecryptHook } from './sources/read.js';
export type { PluginName } from './sources/plugin.js';
export { splitHostPattern, orderPatterns } from './host-pattern.js';
export { inventoryListJson, inventoryListYaml, inventoryListData, inventoryListYamlData } from './render/list.js';
export { inventoryGraph } from './render/graph.js';
export type { GraphOptions } from './render/graph.js';
export { inventoryHostJson, inventoryHostYaml, inventoryHostData } from './render/host.js';
export { INTERNAL_VARS } from './render/display-vars.js';
export type { InventoryRenderOptions } from './render/display-vars.js';
