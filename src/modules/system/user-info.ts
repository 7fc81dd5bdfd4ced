// What the user module reads about a host's accounts, in one round trip (getent, as pwd/grp/spwd see them).
import { shellQuote } from '../../connection/quote.js';
import type { ModuleContext } from '../types.js';
import { probe } from './remote.js';

export interface PasswdEntry {
  readonly name: string;
  /** The shadow hash when passwd has `x` (user_info), else passwd's field. */
  readonly password: string;
  readonly uid: number;
  readonly gid: number;
  readonly comment: string;
  readonly home: string;
  readonly shell: string;
}

export interface ShadowEntry {
  readonly hash: string;
  readonly min: number;
  readonly max: number;
  readonly expire: number;
}

export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
}

export interface AccountInfo {
  readonly user?: PasswdEntry;
  readonly shadow?: ShadowEntry;
  readonly groups: readonly GroupEntry[];
  /** usermod knows `-a, --append`. */
  readonly hasAppend: boolean;
}

const num = (s: string | undefined): number => (s === undefined || s === '' ? -1 : Number(s));

export async function readAccounts(ctx: ModuleContext, name: string): Promise<AccountInfo> {
  const n = shellQuote(name);
  const p = await probe(ctx, {
    passwd: `getent passwd ${n}`,
    shadow: `getent shadow ${n}`,
    groups: 'getent group',
    append: "usermod --help 2>&1 | grep -q '^ *-a, --append'",
  });
  const groups = p.groups.out
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const f = l.split(':');
      return { name: f[0]!, gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean) };
    });
  let shadow: ShadowEntry | undefined;
  if (p.shadow.rc === 0 && p.shadow.out) {
    const f = p.shadow.out.trimEnd().split(':');
    shadow = { hash: f[1] ?? '', min: num(f[3]), max: num(f[4]), expire: num(f[7]) };
  }
  let user: PasswdEntry | undefined;
  if (p.passwd.rc === 0 && p.passwd.out) {
    const f = p.passwd.out.trimEnd().split(':');
    const pw = f[1] ?? '';
    user = { name: f[0]!, password: pw.length <= 1 ? (shadow?.hash ?? '') : pw, uid: Number(f[2]), gid: Number(f[3]), comment: f[4] ?? '', home: f[5] ?? '', shell: f[6] ?? '' };
  }
  return { ...(user ? { user } : {}), ...(shadow ? { shadow } : {}), groups, hasAppend: p.append.rc === 0 };
}

/** grp.getgrgid(int(g)) then grp.getgrnam(g). */
export function findGroup(groups: readonly GroupEntry[], g: string): GroupEntry | undefined {
  if (/^\s*[-+]?\d+\s*$/.test(g)) {
    const byGid = groups.find((x) => x.gid === Number(g));
    if (byGid) return byGid;
  }
  return groups.find((x) => x.name === g);
}

const HASH_RE = /[^a-zA-Z0-9./=]/;

/** check_password_encrypted: true when the value does not look like a crypt(3) hash. */
export function passwordLooksUnhashed(pw: string): boolean {
  if (['*', '!', '*************'].includes(pw)) return false;
  let bad = /[:*!]/.test(pw);
  if (!pw.includes('$')) return true;
  const fields = pw.split('$');
  if (fields.length < 3) return true;
  const last = fields[fields.length - 1]!;
  if (HASH_RE.test(last)) bad = true;
  if (fields[1] === '1' && last.length !== 22) bad = true;
  if (fields[1] === '5' && last.length !== 43) bad = true;
  if (fields[1] === '6' && last.length !== 86) bad = true;
  return bad;
}
