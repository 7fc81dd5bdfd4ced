/* ansible-core's tests: task results, regex, version, truthiness, sets, URIs (plugins/test/*.py). */
import { bind, type Kwargs } from '../filters/support.js';
import { urlsplit } from '../filters/encoding.js';
import { PyError, typeError } from '../py/errors.js';
import { contains, eq, iterate, truthy } from '../py/ops.js';
import { pyRegex } from '../py/regex.js';
import { pyStr } from '../py/repr.js';
import { Undefined } from '../py/undefined.js';
import { asStr, dictGet, dictHas, isDict, isNumber, num, MISSING } from '../py/values.js';
import type { TestTable } from '../registry.js';
import { compareVersions } from './version.js';

function resultOf(name: string, v: unknown): Record<string, unknown> {
  if (!isDict(v)) throw new PyError('AnsibleFilterError', `The '${name}' test expects a dictionary`);
  return v as Record<string, unknown>;
}

function get(d: Record<string, unknown>, k: string, dflt: unknown): unknown {
  const v = dictGet(d, k);
  return v === MISSING ? dflt : v;
}

function text(v: unknown): string {
  if (v instanceof Undefined) v.fail();
  const s = asStr(v);
  if (s === undefined) throw typeError(`expected string or bytes-like object`);
  return s;
}

function regex(v: unknown, a: unknown[], kw: Kwargs, matchType: string, name: string): boolean {
  const [pattern, ic, ml, mt] = bind(name, a, kw, ['pattern', 'ignorecase', 'multiline', 'match_type']);
  const type = mt === undefined ? matchType : text(mt);
  const flags = (truthy(ic ?? false) ? 'i' : '') + (truthy(ml ?? false) ? 'm' : '');
  const re = pyRegex(pattern === undefined ? '' : text(pattern), flags);
  if (v instanceof Undefined) v.fail();
  const s = pyStr(v);
  if (type === 'match') {
    const sticky = new RegExp(re.source, re.flags + 'y');
    return sticky.test(s);
  }
  if (type === 'fullmatch') return new RegExp(`^(?:${re.source})$`, re.flags).test(s);
  return re.test(s);
}

/** Ansible's boolean(): the strings and numbers it reads as true or false. */
function convertBool(v: unknown): unknown {
  if (typeof v === 'boolean') return v;
  const s = asStr(v);
  const key = s !== undefined ? s.toLowerCase() : isNumber(v) ? String(num(v)) : undefined;
  if (key === undefined) return v;
  if (['y', 'yes', 'on', '1', 'true', 't', '1.0'].includes(key)) return true;
  if (['n', 'no', 'off', '0', 'false', 'f', '0.0'].includes(key)) return false;
  return v;
}

function items(v: unknown): unknown[] {
  return iterate(v);
}

function changed(v: unknown): unknown {
  const r = resultOf('changed', v);
  if (!dictHas(r, 'changed')) {
    const results = get(r, 'results', undefined);
    if (Array.isArray(results) && isDict(results[0])) return results.some((x) => truthy(get(x as Record<string, unknown>, 'changed', false)));
    return false;
  }
  return get(r, 'changed', false);
}

function isUri(v: unknown, schemes: unknown): boolean {
  try {
    const p = urlsplit(text(v));
    return schemes === undefined || schemes === null || !truthy(schemes) || contains(schemes, p.scheme);
  } catch {
    return false;
  }
}

export const CORE_TESTS: Record<string, TestTable[string]> = {
  failed: (_e, v) => get(resultOf('failed', v), 'failed', false),
  failure: (_e, v) => get(resultOf('failed', v), 'failed', false),
  succeeded: (_e, v) => !truthy(get(resultOf('failed', v), 'failed', false)),
  success: (_e, v) => !truthy(get(resultOf('failed', v), 'failed', false)),
  successful: (_e, v) => !truthy(get(resultOf('failed', v), 'failed', false)),
  unreachable: (_e, v) => get(resultOf('unreachable', v), 'unreachable', false),
  reachable: (_e, v) => !truthy(get(resultOf('unreachable', v), 'unreachable', false)),
  changed: (_e, v) => changed(v),
  change: (_e, v) => changed(v),
  skipped: (_e, v) => get(resultOf('skipped', v), 'skipped', false),
  skip: (_e, v) => get(resultOf('skipped', v), 'skipped', false),
  finished: (_e, v) => {
    const r = resultOf('finished', v);
    return dictHas(r, 'finished') ? eq(get(r, 'finished', 0), 1) : true;
  },
  started: (_e, v) => {
    const r = resultOf('started', v);
    return dictHas(r, 'started') ? eq(get(r, 'started', 0), 1) : true;
  },
  match: (_e, v, a, kw) => regex(v, a, kw, 'match', 'match'),
  search: (_e, v, a, kw) => regex(v, a, kw, 'search', 'search'),
  regex: (_e, v, a, kw) => regex(v, a, kw, 'search', 'regex'),
  version: (_e, v, a, kw) => versionTest(v, a, kw),
  version_compare: (_e, v, a, kw) => versionTest(v, a, kw),
  any: (_e, v) => items(v).some(truthy),
  all: (_e, v) => items(v).every(truthy),
  truthy: (_e, v, a, kw) => {
    const [conv] = bind('truthy', a, kw, ['convert_bool']);
    return truthy(truthy(conv ?? false) ? convertBool(v) : v);
  },
  falsy: (_e, v, a, kw) => {
    const [conv] = bind('falsy', a, kw, ['convert_bool']);
    return !truthy(truthy(conv ?? false) ? convertBool(v) : v);
  },
  vault_encrypted: () => false,
  subset: (_e, v, a, kw) => {
    const b = items(bind('subset', a, kw, ['b'], 1)[0]);
    return items(v).every((x) => b.some((y) => eq(x, y)));
  },
  superset: (_e, v, a, kw) => {
    const b = items(bind('superset', a, kw, ['b'], 1)[0]);
    const av = items(v);
    return b.every((x) => av.some((y) => eq(x, y)));
  },
  contains: (_e, v, a, kw) => contains(v, bind('contains', a, kw, ['value'], 1)[0]),
  nan: (_e, v) => isNumber(v) && Number.isNaN(num(v)),
  uri: (_e, v, a, kw) => isUri(v, bind('uri', a, kw, ['schemes'])[0]),
  url: (_e, v, a, kw) => {
    const [schemes] = bind('url', a, kw, ['schemes']);
    if (!isUri(v, schemes)) return false;
    const p = urlsplit(text(v));
    return !!p.netloc || p.scheme === 'file';
  },
  urn: (_e, v) => isUri(v, ['urn']),
};
CORE_TESTS['issubset'] = CORE_TESTS['subset']!;
CORE_TESTS['issuperset'] = CORE_TESTS['superset']!;
CORE_TESTS['isnan'] = CORE_TESTS['nan']!;

function versionTest(v: unknown, a: unknown[], kw: Kwargs): boolean {
  const [version, operator, strict, versionType] = bind('version', a, kw, ['version', 'operator', 'strict', 'version_type']);
  if (strict !== undefined && strict !== null && versionType !== undefined && versionType !== null) {
    throw new PyError('AnsibleFilterError', "Cannot specify both 'strict' and 'version_type'");
  }
  if (!truthy(v)) throw new PyError('AnsibleFilterError', 'Input version value cannot be empty');
  if (!truthy(version ?? null)) throw new PyError('AnsibleFilterError', 'Version parameter to compare against cannot be empty');
  const type = truthy(strict ?? false) ? 'strict' : versionType === undefined || versionType === null ? 'loose' : text(versionType);
  if (!['loose', 'strict', 'semver', 'semantic', 'pep440'].includes(type)) {
    throw new PyError('AnsibleFilterError', `Invalid version type (${type}). Must be one of 'loose', 'strict', 'semver', 'semantic', 'pep440'`);
  }
  const str = (x: unknown): string => pyStr(x);
  return compareVersions(str(v), str(version), operator === undefined ? 'eq' : text(operator), type);
}
