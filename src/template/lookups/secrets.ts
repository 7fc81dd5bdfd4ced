/* Lookups that make or reveal secrets: password (lookup/password.py), unvault (lookup/unvault.py). */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { homedir } from 'node:os';
import { PyError } from '../py/errors.js';
import { PyRandom, systemRandom } from '../py/random.js';
import { asStr } from '../py/values.js';
import type { EvalEnv, LookupTable } from '../registry.js';
import { text } from '../filters/support.js';
import { findInSearchPath } from './search.js';

const VALID_PARAMS = new Set(['length', 'encrypt', 'chars', 'ident', 'seed']);
const STRING_MODULE: Record<string, string> = {
  ascii_letters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ascii_lowercase: 'abcdefghijklmnopqrstuvwxyz',
  ascii_uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  hexdigits: '0123456789abcdefABCDEF',
  octdigits: '01234567',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  whitespace: ' \t\n\r\x0b\x0c',
};
STRING_MODULE['printable'] = STRING_MODULE['digits']! + STRING_MODULE['ascii_letters']! + STRING_MODULE['punctuation']! + STRING_MODULE['whitespace']!;

function ansibleError(msg: string): PyError {
  return new PyError('AnsibleError', msg);
}

/** Ansible's parse_kv for the `path key=value …` term (quotes allowed, the rest is _raw_params). */
function parseParams(rest: string): { params: Record<string, string>; raw: string[] } {
  const params: Record<string, string> = {};
  const raw: string[] = [];
  for (const m of rest.matchAll(/(?:(\w+)=)?("([^"]*)"|'([^']*)'|\S+)/g)) {
    const value = m[3] ?? m[4] ?? m[2]!;
    if (m[1] !== undefined) params[m[1]] = value;
    else raw.push(value);
  }
  return { params, raw };
}

function candidateChars(spec: string[]): string {
  return spec.map((c) => STRING_MODULE[c] ?? c).join('').replace(/["']/g, '');
}

function passwordOf(env: EvalEnv, term: string, kwargs: Record<string, unknown>): string {
  const cut = term.indexOf(' ');
  let relpath = cut < 0 ? term : term.slice(0, cut);
  const { params, raw } = cut < 0 ? { params: {}, raw: [] } : parseParams(term.slice(cut + 1));
  if (raw.length) relpath = [relpath, ...raw].join(' ');
  const invalid = Object.keys(params).filter((k) => !VALID_PARAMS.has(k));
  if (invalid.length) throw ansibleError(`Unrecognized parameter(s) given to password lookup: ${invalid.join(', ')}`);
  const length = Number.parseInt(String(params['length'] ?? kwargs['length'] ?? 20), 10);
  let chars: string[] = ['ascii_letters', 'digits', '.,:-_'];
  const given = params['chars'] ?? asStr(kwargs['chars']);
  if (given) chars = [...(given.includes(',,') ? [','] : []), ...given.replace(/,,/g, ',').split(',').filter(Boolean)];
  else if (Array.isArray(kwargs['chars'])) chars = kwargs['chars'].map(String);
  const seed = params['seed'] ?? asStr(kwargs['seed']);
  const encrypt = params['encrypt'] ?? asStr(kwargs['encrypt']);
  const base = asStr(env.scope.raw('playbook_dir')) ?? process.cwd();
  const path = relpath.startsWith('~') ? join(process.env['HOME'] ?? homedir(), relpath.slice(1)) : isAbsolute(relpath) ? relpath : normalize(join(base, relpath));
  let password: string;
  let salt: string | undefined;
  if (path === '/dev/null' || !existsSync(path)) {
    const pool = candidateChars(chars);
    const rng = seed === undefined ? systemRandom : new PyRandom(seed);
    password = Array.from({ length }, () => rng.choice([...pool])).join('');
    if (path !== '/dev/null') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, `${password}\n`, { mode: 0o600 });
      chmodSync(path, 0o600);
    }
  } else {
    const content = readFileSync(path, 'utf8').trimEnd();
    const at = content.lastIndexOf(' salt=');
    password = at < 0 ? content : content.slice(0, at);
    if (at >= 0) salt = content.slice(at + 6).split(' ident=')[0];
  }
  if (encrypt) return String(env.filter('password_hash', password, [encrypt, ...(salt ? [salt] : [])], {}));
  return password;
}

export const SECRET_LOOKUPS: LookupTable = {
  password: (env, terms, kwargs) => terms.map((t) => passwordOf(env, text(t), kwargs)),
  unvault: (env, terms) =>
    terms.map((t) => {
      const term = text(t);
      const file = findInSearchPath(env.searchPath(), 'files', term);
      if (!file) throw new PyError('AnsibleParserError', `Unable to find file matching "${term}" `);
      return env.readFile(file);
    }),
};
