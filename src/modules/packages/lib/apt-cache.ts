// What python-apt's cache tells Ansible's apt module, read from dpkg-query and apt-cache policy.
import { shellJoin } from '../../../connection/quote.js';
import { fnmatch } from '../../text/fnmatch.js';
import { compareDebVersions } from './deb-version.js';

export interface PolicyVersion {
  readonly version: string;
  readonly priority: number;
}

/** One package as `apt-cache policy` shows it; `versions` in its order (newest first). */
export interface PolicyEntry {
  readonly candidate: string | null;
  readonly versions: readonly PolicyVersion[];
}

export interface InstalledEntry {
  /** dpkg's current state: installed, config-files, half-installed, … */
  readonly status: string;
  readonly version: string;
}

export interface AptView {
  readonly policy: ReadonlyMap<string, PolicyEntry>;
  readonly installed: ReadonlyMap<string, InstalledEntry>;
}

/** The shell commands that read the state of `names` (dpkg's database, then apt's policy). */
export function viewCommands(names: readonly string[], defaultRelease: string | null): { dpkg: string; policy: string } {
  const release = defaultRelease ? ['-o', `APT::Default-Release=${defaultRelease}`] : [];
  return {
    dpkg: names.length ? `dpkg-query -W -f='\${Package}\\t\${db:Status-Status}\\t\${Version}\\n' -- ${shellJoin(names)} 2>/dev/null; true` : 'true',
    policy: names.length ? `apt-cache ${shellJoin(release)} policy -- ${shellJoin(names)} 2>/dev/null; true` : 'true',
  };
}

export function parsePolicy(text: string): Map<string, PolicyEntry> {
  const out = new Map<string, PolicyEntry>();
  let name: string | undefined;
  let candidate: string | null = null;
  let versions: PolicyVersion[] = [];
  const flush = (): void => {
    if (name !== undefined) out.set(name, { candidate, versions });
  };
  for (const line of text.split('\n')) {
    const head = /^(\S+):$/.exec(line);
    if (head) {
      flush();
      name = head[1]!.replace(/:[a-z0-9]+$/, (m) => (m === ':all' ? '' : m));
      candidate = null;
      versions = [];
      continue;
    }
    const cand = /^ {2}Candidate: (.*)$/.exec(line);
    if (cand) candidate = cand[1] === '(none)' ? null : cand[1]!;
    const ver = /^ (?:\*\*\*| {3}) (\S+) (-?\d+)$/.exec(line);
    if (ver) versions.push({ version: ver[1]!, priority: Number(ver[2]) });
  }
  flush();
  return out;
}

export function parseDpkgQuery(text: string): Map<string, InstalledEntry> {
  const out = new Map<string, InstalledEntry>();
  for (const line of text.split('\n')) {
    const [name, status, version] = line.split('\t');
    if (!name || status === undefined || version === undefined) continue;
    const bare = name.replace(/:.*$/, '');
    if (!out.has(bare) || status === 'installed') out.set(bare, { status, version });
  }
  return out;
}

/** Ansible's package_split: `name`, `name=ver`, `name>=ver`. */
export function packageSplit(spec: string): { name: string; cmp: '=' | '>=' | null; version: string | null } {
  const m = /^(.*?)(>?=)(.*)$/s.exec(spec);
  if (!m) return { name: spec, cmp: null, version: null };
  return { name: m[1]!, cmp: m[2] as '=' | '>=', version: m[3]! };
}

/** Ansible's package_best_match: the candidate under the version pin (=) or the plain policy. */
function bestMatch(entry: PolicyEntry, cmp: string | null, version: string | null): string | null {
  if (cmp === '=' && version !== null) {
    // The 1001 pin replaces the priority of every matching version: the newest match wins.
    return entry.versions.find((v) => fnmatch(v.version, version))?.version ?? null;
  }
  return entry.candidate;
}

export interface PackageStatus {
  /** The name is known to apt (a real package with versions). */
  readonly known: boolean;
  /** Virtual: no versions of its own. */
  readonly virtual: boolean;
  readonly installed: boolean;
  /** The installed version satisfies the spec's version criteria. */
  readonly versionInstalled: boolean;
  readonly installable: string | null;
  /** Files left on disk (config-files state): a purge removes them. */
  readonly hasFiles: boolean;
}

/** Ansible's package_status for one parsed spec. */
export function packageStatus(view: AptView, name: string, cmp: '=' | '>=' | null, version: string | null): PackageStatus {
  const entry = view.policy.get(name);
  const inst = view.installed.get(name);
  const hasFiles = inst !== undefined && inst.status !== 'not-installed';
  if (!entry || entry.versions.length === 0) {
    return { known: false, virtual: entry !== undefined, installed: false, versionInstalled: false, installable: null, hasFiles };
  }
  const installed = inst?.status === 'installed';
  const best = bestMatch(entry, cmp, version);
  let versionInstalled = false;
  let installable: string | null = null;
  if (installed && inst) {
    const have = inst.version;
    if (cmp === '=' && version !== null) {
      versionInstalled = fnmatch(have, version);
      if (best && have !== best && fnmatch(best, version)) installable = best;
    } else if (cmp === '>=' && version !== null) {
      versionInstalled = compareDebVersions(have, version) >= 0;
      if (best && have !== best && compareDebVersions(best, version) >= 0) installable = best;
    } else {
      versionInstalled = true;
      if (best && have !== best) installable = best;
    }
  } else installable = best;
  return { known: true, virtual: false, installed, versionInstalled, installable, hasFiles };
}

/** Ansible's expand_pkgspec_from_fnmatches: globbed names against the names apt knows. */
export function expandGlobs(specs: readonly string[], known: readonly string[]): { specs: string[]; error?: string } {
  const out: string[] = [];
  for (const spec of specs) {
    const { name } = packageSplit(spec);
    if (!/[*?[\]!]/.test(name)) {
      out.push(spec);
      continue;
    }
    const pool = name.includes(':') ? known : known.filter((n) => !n.includes(':'));
    const matches = pool.filter((n) => fnmatch(n, name));
    if (!matches.length) return { specs: out, error: `No package(s) matching '${name}' available` };
    out.push(...matches);
  }
  return { specs: out };
}

export const hasGlob = (spec: string): boolean => /[*?[\]!]/.test(packageSplit(spec).name);
