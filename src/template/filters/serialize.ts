/* to_json / to_yaml and friends (plugins/filter/core.py) and Jinja's tojson. */
import { parseYaml, parseYamlDocuments } from '../../yaml/load.js';
import { UnsafeText } from '../../yaml/tags.js';
import { PyError } from '../py/errors.js';
import { truthy } from '../py/ops.js';
import { asStr } from '../py/values.js';
import type { FilterTable } from '../registry.js';
import { materialize } from '../scope.js';
import { jsonDumps, type JsonOptions } from '../serialize/json-dump.js';
import { jsonLoads } from '../serialize/json-load.js';
import { yamlDump, type DumpOptions } from '../serialize/yaml-dump.js';
import { boolArg, intArg, iterate, text, type Kwargs } from './support.js';

function jsonOptions(kw: Kwargs, defaults: JsonOptions): JsonOptions {
  const o: JsonOptions = { ...defaults };
  if ('indent' in kw) o.indent = kw['indent'] === null ? null : asStr(kw['indent']) ?? intArg(kw['indent']);
  if ('sort_keys' in kw) o.sortKeys = truthy(kw['sort_keys']);
  if ('ensure_ascii' in kw) o.ensureAscii = truthy(kw['ensure_ascii']);
  if ('separators' in kw && kw['separators'] !== null) {
    const [a = ', ', b = ': '] = iterate(kw['separators']).map((x) => text(x));
    o.separators = [a, b];
  }
  return o;
}

const DUMP_KWARGS = new Set(['default_style', 'default_flow_style', 'canonical', 'indent', 'width', 'allow_unicode', 'line_break', 'encoding', 'explicit_start', 'explicit_end', 'version', 'tags', 'sort_keys']);

function yamlOptions(kw: Kwargs, defaults: Partial<DumpOptions>): DumpOptions {
  const unknown = Object.keys(kw).find((k) => !DUMP_KWARGS.has(k));
  if (unknown !== undefined) throw new PyError('TypeError', `dump_all() got an unexpected keyword argument '${unknown}'`);
  const dfs = 'default_flow_style' in kw ? kw['default_flow_style'] : defaults.defaultFlowStyle;
  return {
    defaultFlowStyle: dfs === null || dfs === undefined ? null : truthy(dfs),
    indent: 'indent' in kw ? intArg(kw['indent']) : defaults.indent ?? 2,
    width: 'width' in kw ? intArg(kw['width']) : 80,
    sortKeys: 'sort_keys' in kw ? truthy(kw['sort_keys']) : true,
    explicitStart: boolArg(kw['explicit_start']),
    explicitEnd: boolArg(kw['explicit_end']),
    allowUnicode: true,
  };
}

/** AnsibleFilterError("to_yaml - …", orig_exc=e): the cause's text repeated after a '. '. */
function yamlError(name: string, e: unknown): never {
  const msg = e instanceof Error ? e.message : String(e);
  throw new PyError('AnsibleFilterError', `${name} - ${msg}. ${msg}`);
}

function fromYaml(v: unknown, all: boolean): unknown {
  const s = v instanceof UnsafeText ? v.value : asStr(v);
  if (s === undefined) return v;
  try {
    return all ? parseYamlDocuments(s, '<from_yaml>') : parseYaml(s, '<from_yaml>');
  } catch (e) {
    throw new PyError('AnsibleError', e instanceof Error ? e.message : String(e));
  }
}

export const SERIALIZE_FILTERS: FilterTable = {
  to_json: (_e, v, a, kw) => jsonDumps(materialize(v), jsonOptions(kw, {})),
  to_nice_json: (_e, v, a, kw) => {
    const [indent, sortKeys] = a;
    const o = jsonOptions(kw, { indent: indent === undefined ? 4 : intArg(indent), sortKeys: sortKeys === undefined ? true : truthy(sortKeys) });
    return jsonDumps(materialize(v), { ...o, separators: [',', ': '] });
  },
  from_json: (_e, v) => jsonLoads(text(v)),
  tojson: (_e, v, a, kw) => {
    const indent = a[0] ?? kw['indent'];
    const out = jsonDumps(materialize(v), { sortKeys: true, indent: indent === undefined || indent === null ? undefined : intArg(indent) });
    return out.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/'/g, '\\u0027');
  },
  to_yaml: (_e, v, _a, kw) => {
    try {
      return yamlDump(materialize(v), yamlOptions(kw, { defaultFlowStyle: null }));
    } catch (e) {
      yamlError('to_yaml', e);
    }
  },
  to_nice_yaml: (_e, v, a, kw) => {
    const indent = a[0] ?? kw['indent'] ?? 4;
    try {
      return yamlDump(materialize(v), yamlOptions({ ...kw, indent }, { defaultFlowStyle: false, indent: 4 }));
    } catch (e) {
      yamlError('to_nice_yaml', e);
    }
  },
  from_yaml: (_e, v) => fromYaml(v, false),
  from_yaml_all: (_e, v) => fromYaml(v, true),
};

