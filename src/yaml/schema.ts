import type { CollectionTag, ScalarTag, Tags } from 'yaml';
import { yamlLib } from './lib.js';
import { UnsafeText, VaultText } from './tags.js';

/*
 * PyYAML's resolvers (what Ansible uses), not the YAML 1.1 spec's: `y`/`n` stay strings,
 * floats need a dot, `09` is a string, timestamps stay as written.
 */
const BOOL_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const BOOL_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT_DEC = /^[-+]?(?:0|[1-9][0-9_]*)$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const INT_BIN = /^[-+]?0b[0-1_]+$/;
const INT_SEXA = /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/;

function sign(s: string): [number, string] {
  if (s.startsWith('-')) return [-1, s.slice(1)];
  if (s.startsWith('+')) return [1, s.slice(1)];
  return [1, s];
}

function intFrom(radix: number, prefixLen: number) {
  return (src: string): number => {
    const [sg, rest] = sign(src.replace(/_/g, ''));
    return sg * parseInt(rest.slice(prefixLen), radix);
  };
}

const bool: ScalarTag[] = [
  { tag: 'tag:yaml.org,2002:bool', default: true, test: BOOL_TRUE, resolve: () => true },
  { tag: 'tag:yaml.org,2002:bool', default: true, test: BOOL_FALSE, resolve: () => false },
];

const ints: ScalarTag[] = [
  { tag: 'tag:yaml.org,2002:int', default: true, test: INT_BIN, resolve: intFrom(2, 2) },
  { tag: 'tag:yaml.org,2002:int', default: true, test: INT_OCT, resolve: intFrom(8, 1) },
  { tag: 'tag:yaml.org,2002:int', default: true, test: INT_DEC, resolve: intFrom(10, 0) },
  { tag: 'tag:yaml.org,2002:int', default: true, test: INT_HEX, resolve: intFrom(16, 2) },
  {
    tag: 'tag:yaml.org,2002:int',
    default: true,
    test: INT_SEXA,
    resolve: (src: string) => {
      const [sg, rest] = sign(src.replace(/_/g, ''));
      return sg * rest.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
    },
  },
];

const float: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  test: FLOAT,
  resolve: (src: string) => {
    const s = src.replace(/_/g, '');
    const lower = s.toLowerCase();
    if (lower.endsWith('.inf')) return lower.startsWith('-') ? -Infinity : Infinity;
    if (lower === '.nan') return NaN;
    return parseFloat(s);
  },
};

const unsafe: ScalarTag = {
  tag: '!unsafe',
  resolve: (src: string) => new UnsafeText(src),
};

const vault: ScalarTag = {
  tag: '!vault',
  resolve: (src: string) => new VaultText(src),
};

const KEEP = new Set(['tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq', 'tag:yaml.org,2002:str', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:binary', 'tag:yaml.org,2002:omap', 'tag:yaml.org,2002:pairs', 'tag:yaml.org,2002:set']);

let cached: Tags | undefined;

/** The tag list kplay parses with: yaml's 1.1 collections + PyYAML's scalar resolvers + Ansible's tags. */
export function ansibleTags(): Tags {
  if (cached) return cached;
  const base = new (yamlLib().Document)(null, { version: '1.1' }).schema.tags.filter((t) => KEEP.has(t.tag));
  cached = [...base, ...bool, ...ints, float, unsafe, vault] as Array<ScalarTag | CollectionTag>;
  return cached;
}
