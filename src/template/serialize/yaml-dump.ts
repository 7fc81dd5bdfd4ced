/*
 * yaml.dump(data, Dumper=AnsibleDumper, allow_unicode=True, …) for to_yaml/to_nice_yaml:
 * SafeRepresenter's node choices (keys sorted, collections of scalars in flow style unless
 * default_flow_style says otherwise) and YAML 1.1 implicit resolution deciding quoting.
 */
import { typeError } from '../py/errors.js';
import { floatRepr, intRepr } from '../py/repr.js';
import { Undefined } from '../py/undefined.js';
import { PyFloat, asStr, dictEntries, isDict, pyTypeName } from '../py/values.js';
import { YamlEmitter, type YamlEvent } from './yaml-emitter.js';

const RESOLVERS: Array<[RegExp, string]> = [
  [/^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/, 'bool'],
  [
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    'float',
  ],
  [/^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/, 'int'],
  [/^(?:<<)$/, 'merge'],
  [/^(?:~|null|Null|NULL|)$/, 'null'],
  [
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
    'timestamp',
  ],
  [/^(?:=)$/, 'value'],
];

const FIRST_CHARS: Record<string, string> = {
  bool: 'yYnNtTfFoO',
  float: '-+0123456789.',
  int: '-+0123456789',
  merge: '<',
  null: '~nN',
  timestamp: '0123456789',
  value: '=',
};

/** The tag a plain scalar with this text resolves to (YAML 1.1, PyYAML's resolver). */
export function resolvePlain(value: string): string {
  for (const [re, tag] of RESOLVERS) {
    const first = value[0];
    if (value === '' ? tag === 'null' : first !== undefined && FIRST_CHARS[tag]!.includes(first)) {
      if (re.test(value)) return tag;
    }
  }
  return 'str';
}

export interface DumpOptions {
  /** null: collections of scalars in flow style (PyYAML's default); true/false: always/never. */
  defaultFlowStyle: boolean | null;
  indent: number;
  width: number;
  sortKeys: boolean;
  explicitStart: boolean;
  explicitEnd: boolean;
  allowUnicode: boolean;
}

function floatText(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  const v = floatRepr(x).toLowerCase();
  return !v.includes('.') && v.includes('e') ? v.replace('e', '.0e') : v;
}

type Node = { kind: 'scalar'; value: string; isStr: boolean } | { kind: 'seq' | 'map'; items: Node[]; flow: boolean | null };

function represent(v: unknown, o: DumpOptions, seen: Set<unknown>): Node {
  if (v instanceof Undefined) v.fail();
  if (v === null || v === undefined) return { kind: 'scalar', value: 'null', isStr: false };
  if (typeof v === 'boolean') return { kind: 'scalar', value: v ? 'true' : 'false', isStr: false };
  if (v instanceof PyFloat) return { kind: 'scalar', value: floatText(v.value), isStr: false };
  if (typeof v === 'number') return { kind: 'scalar', value: Number.isInteger(v) ? intRepr(v) : floatText(v), isStr: false };
  const s = asStr(v);
  if (s !== undefined) return { kind: 'scalar', value: s, isStr: true };
  if (seen.has(v)) throw typeError('cannot represent a recursive structure');
  seen.add(v);
  try {
    if (Array.isArray(v)) return collection('seq', v.map((x) => represent(x, o, seen)), o);
    if (isDict(v)) {
      let entries = dictEntries(v);
      if (o.sortKeys) entries = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return collection('map', entries.flatMap(([k, x]) => [represent(k, o, seen), represent(x, o, seen)]), o);
    }
  } finally {
    seen.delete(v);
  }
  if (typeof v === 'object' && typeof (v as { toString?: unknown }).toString === 'function' && v.toString !== Object.prototype.toString) {
    return { kind: 'scalar', value: String(v), isStr: true };
  }
  throw new Error(`cannot represent an object: ${pyTypeName(v)}`);
}

function collection(kind: 'seq' | 'map', items: Node[], o: DumpOptions): Node {
  const best = items.every((n) => n.kind === 'scalar');
  return { kind, items, flow: o.defaultFlowStyle === null ? best : o.defaultFlowStyle };
}

function events(n: Node, out: YamlEvent[]): void {
  if (n.kind === 'scalar') {
    out.push({ t: 'scalar', value: n.value, implicit: [n.isStr ? resolvePlain(n.value) === 'str' : true, true] });
    return;
  }
  out.push(n.kind === 'seq' ? { t: 'seqStart', flow: n.flow === true } : { t: 'mapStart', flow: n.flow === true });
  for (const c of n.items) events(c, out);
  out.push({ t: n.kind === 'seq' ? 'seqEnd' : 'mapEnd' });
}

export function yamlDump(value: unknown, o: DumpOptions): string {
  const evs: YamlEvent[] = [{ t: 'docStart', explicit: o.explicitStart }];
  events(represent(value, o, new Set()), evs);
  evs.push({ t: 'docEnd', explicit: o.explicitEnd }, { t: 'streamEnd' });
  return new YamlEmitter(evs, { indent: o.indent, width: o.width, allowUnicode: o.allowUnicode }).emit();
}
