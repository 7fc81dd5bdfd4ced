import { resolve } from 'node:path';
import { OptionsError } from '../errors/source-error.js';
import { parseKv } from '../playbook/split-args.js';
import { loadYamlFile, parseYaml } from '../yaml/load.js';
import type { VaultReader } from '../yaml/tags.js';

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `-e` values in order: `@file`, JSON/YAML (`{…}`), or `k=v` pairs; later ones replace earlier keys. */
export function parseExtraVars(values: readonly string[], cwd: string, vault?: VaultReader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const raw of values) {
    const v = raw.trim();
    if (v === '') continue;
    let data: unknown;
    if (v.startsWith('@')) data = loadYamlFile(resolve(cwd, v.slice(1)), vault);
    else if (v.startsWith('{') || v.startsWith('[')) data = parseYaml(v, '<extra vars>');
    else data = parseKv(v, false);
    if (data === null) continue;
    if (!isMapping(data)) throw new OptionsError(`Invalid extra vars data supplied. '${v}' could not be made into a dictionary`);
    Object.assign(out, data);
  }
  return out;
}
