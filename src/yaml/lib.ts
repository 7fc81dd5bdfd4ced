/**
 * The `yaml` library, loaded on first use: `kplay inventory` on plain INI/YAML inventories
 * reads them with the fast reader and never needs it, and loading it costs ~40 ms of a
 * 0.5 s run. Node resolves `import 'yaml'` and `require('yaml')` to the same CommonJS
 * build, so code that imports it statically shares this instance.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  return (lib ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}
