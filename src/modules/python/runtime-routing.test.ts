/* The indentation reader of runtime.yml files against a full YAML parse of the installed ones. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../yaml/load.js';
import { moduleRouting } from './runtime-routing.js';

const FILES = [
  '/usr/lib/python3/dist-packages/ansible/config/ansible_builtin_runtime.yml',
  '/usr/lib/python3/dist-packages/ansible_collections/community/general/meta/runtime.yml',
  '/usr/lib/python3/dist-packages/ansible_collections/ansible/netcommon/meta/runtime.yml',
  '/usr/lib/python3/dist-packages/ansible_collections/kubernetes/core/meta/runtime.yml',
].filter((f) => existsSync(f));

describe.skipIf(FILES.length === 0)('runtime.yml module routing', () => {
  it.each(FILES)('%s: every module entry as the YAML says', (file) => {
    const doc = parseYaml(readFileSync(file, 'utf8'), file) as { plugin_routing?: { modules?: Record<string, { redirect?: string; tombstone?: { warning_text?: string } } | null> } };
    const modules = Object.entries(doc.plugin_routing?.modules ?? {});
    expect(modules.length).toBeGreaterThan(0);
    for (const [name, e] of modules) {
      const got = moduleRouting(file, name);
      expect({ name, redirect: got?.redirect, tombstone: got?.tombstone?.warningText ?? (got?.tombstone ? '' : undefined) }).toEqual({
        name,
        redirect: e?.redirect,
        tombstone: e?.tombstone ? (e.tombstone.warning_text ?? '') : undefined,
      });
    }
  });
});
