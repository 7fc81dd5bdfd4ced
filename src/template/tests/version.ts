/* The version test's version classes: LooseVersion, StrictVersion, SemanticVersion, PEP 440. */
import { PyError, valueError } from '../py/errors.js';
import { cmp } from '../py/ops.js';

type Parsed = unknown[];

/** distutils LooseVersion components: numbers as ints, the rest as strings. */
function loose(v: string): Parsed {
  return v
    .split(/(\d+|[a-z]+|\.)/)
    .filter((x) => x && x !== '.')
    .map((x) => (/^\d+$/.test(x) ? parseInt(x, 10) : x));
}

function strict(v: string): Parsed {
  const m = /^(\d+)\.(\d+)(\.(\d+))?([ab](\d+))?$/.exec(v);
  if (!m) throw valueError(`invalid version number '${v}'`);
  const pre = m[5] ? [m[5][0], parseInt(m[6]!, 10)] : ['~'];
  return [parseInt(m[1]!, 10), parseInt(m[2]!, 10), m[4] ? parseInt(m[4], 10) : 0, pre];
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

function semverCompare(a: string, b: string): number {
  const pa = SEMVER.exec(a);
  const pb = SEMVER.exec(b);
  if (!pa) throw valueError(`invalid semantic version '${a}'`);
  if (!pb) throw valueError(`invalid semantic version '${b}'`);
  for (let i = 1; i <= 3; i++) {
    const d = parseInt(pa[i]!, 10) - parseInt(pb[i]!, 10);
    if (d) return d;
  }
  const [xa, xb] = [pa[4], pb[4]];
  if (xa === undefined || xb === undefined) return xa === xb ? 0 : xa === undefined ? 1 : -1;
  const sa = xa.split('.');
  const sb = xb.split('.');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const [x, y] = [sa[i]!, sb[i]!];
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) {
      const d = parseInt(x, 10) - parseInt(y, 10);
      if (d) return d;
    } else if (nx !== ny) return nx ? -1 : 1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return sa.length - sb.length;
}

/** A PEP 440 release with pre/post/dev parts, as a comparable key. */
function pep440(v: string): Parsed {
  const m = /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i.exec(v.trim());
  if (!m) throw new PyError('InvalidVersion', `Invalid version: '${v}'`);
  const release = m[2]!.split('.').map(Number);
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  const preMap: Record<string, string> = { alpha: 'a', beta: 'b', c: 'rc', pre: 'rc', preview: 'rc' };
  const preLetter = m[3] ? (preMap[m[3].toLowerCase()] ?? m[3].toLowerCase()) : undefined;
  const post = m[5] ?? (m[6] ? m[7] || '0' : undefined);
  const dev = m[8] !== undefined ? Number(m[8] || 0) : undefined;
  const pre: Parsed = preLetter ? [0, preLetter, Number(m[4] || 0)] : post === undefined && dev !== undefined ? [-1] : [1];
  return [Number(m[1] ?? 0), release, pre, post === undefined ? [-1] : [0, Number(post)], dev === undefined ? [1] : [0, dev]];
}

const OPS: Record<string, string> = { '==': 'eq', '=': 'eq', eq: 'eq', '<': 'lt', lt: 'lt', '<=': 'le', le: 'le', '>': 'gt', gt: 'gt', '>=': 'ge', ge: 'ge', '!=': 'ne', '<>': 'ne', ne: 'ne' };

export function compareVersions(value: string, version: string, operator: string, type: string): boolean {
  const op = OPS[operator];
  if (!op) {
    throw new PyError('AnsibleFilterError', `Invalid operator type (${operator}). Must be one of ${Object.keys(OPS).map((k) => `'${k}'`).join(', ')}`);
  }
  let d: number;
  try {
    if (type === 'semver' || type === 'semantic') d = semverCompare(value, version);
    else {
      const parse = type === 'strict' ? strict : type === 'pep440' ? pep440 : loose;
      const [a, b] = [parse(value), parse(version)];
      d = op === 'eq' || op === 'ne' ? (JSON.stringify(a) === JSON.stringify(b) ? 0 : 1) : cmp(a, b, 'lt');
    }
  } catch (e) {
    if (e instanceof PyError) throw new PyError('AnsibleFilterError', `Version comparison failed: ${e.message}`);
    throw e;
  }
  switch (op) {
    case 'eq':
      return d === 0;
    case 'ne':
      return d !== 0;
    case 'lt':
      return d < 0;
    case 'le':
      return d <= 0;
    case 'gt':
      return d > 0;
    default:
      return d >= 0;
  }
}

