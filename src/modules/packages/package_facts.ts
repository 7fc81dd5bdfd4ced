// Follows ansible.builtin.package_facts (ansible-core 2.14), manager apt: what python-apt's cache says
// of every installed package (name, version, arch, category, origin, source), from dpkg-query and
// apt-cache policy in one round trip.
import type { ModuleDefinition, ModuleResult } from '../types.js';
import { BEST_LOCALE, runSteps } from './lib/remote.js';

const MANAGERS = ['apk', 'apt', 'pacman', 'pkg', 'pkg_info', 'portage', 'rpm'];

interface PackageDetails {
  name: string;
  version: string;
  arch: string;
  category: string;
  origin: string;
  source: 'apt';
}

/* Installed in python-apt's sense: the package has a current version. */
const HAS_CURRENT = (status: string): boolean => status !== 'not-installed' && status !== 'config-files';

/** `apt-cache policy` without arguments: each package file's `o=` origin. */
export function parseOrigins(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const file = /^ -?\d+ (.+)$/.exec(lines[i]!);
    const rel = /^ {5}release (.*)$/.exec(lines[i + 1] ?? '');
    if (file && rel) {
      const o = rel[1]!.split(',').find((f) => f.startsWith('o='));
      out.set(file[1]!, o ? o.slice(2) : '');
    }
  }
  return out;
}

/** For each package, the first package file listed under its installed (***) version. */
export function parseInstalledSources(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | undefined;
  let wantSource = false;
  for (const line of text.split('\n')) {
    const head = /^(\S+):$/.exec(line);
    if (head) {
      name = head[1];
      wantSource = false;
      continue;
    }
    if (/^ \*\*\* /.test(line)) {
      wantSource = true;
      continue;
    }
    const src = /^ {8}-?\d+ (.+)$/.exec(line);
    if (wantSource && src && name !== undefined) {
      out.set(name, src[1]!);
      wantSource = false;
    }
  }
  return out;
}

export function aptPackages(dpkg: string, policyAll: string, policyNames: string): Record<string, PackageDetails[]> {
  const origins = parseOrigins(policyAll);
  const sources = parseInstalledSources(policyNames);
  const out: Record<string, PackageDetails[]> = {};
  for (const line of dpkg.split('\n')) {
    const [status, name, arch, version, section] = line.split('\t');
    if (!status || !name || arch === undefined || version === undefined || !HAS_CURRENT(status)) continue;
    const source = sources.get(name);
    const details: PackageDetails = { name, version, arch, category: section ?? '', origin: source !== undefined ? (origins.get(source) ?? '') : '', source: 'apt' };
    (out[name] ??= []).push(details);
  }
  return out;
}

const DPKG = `dpkg-query -W -f='\${db:Status-Status}\\t\${Package}\\t\${Architecture}\\t\${Version}\\t\${Section}\\n'`;

export const package_facts: ModuleDefinition = {
  name: 'package_facts',
  spec: {
    supportsCheckMode: true,
    options: {
      manager: { type: 'list', elements: 'str', default: ['auto'] },
      strategy: { choices: ['first', 'all'], default: 'first' },
    },
  },
  async run(args, ctx): Promise<ModuleResult> {
    const requested = (args['manager'] as string[]).map((m) => m.toLowerCase());
    const managers = requested.includes('auto') ? [...requested.filter((m) => m !== 'auto'), ...MANAGERS] : requested;
    const unsupported = managers.filter((m) => !MANAGERS.includes(m));
    if (unsupported.length) return { failed: true, msg: requested.includes('auto') ? 'Could not auto detect a usable package manager, check warnings for details.' : `Unsupported package managers requested: ${[...new Set(unsupported)].join(', ')}` };
    const r = await runSteps(ctx, `${BEST_LOCALE}; LC_ALL=$KPLAY_LOCALE; export LC_ALL`, {
      has: 'command -v dpkg-query >/dev/null && command -v apt-cache >/dev/null',
      dpkg: DPKG,
      all: 'apt-cache policy',
      names: `${DPKG} | awk -F '\\t' '$1 != "not-installed" && $1 != "config-files" {print $2}' | xargs -r apt-cache policy --`,
    });
    const warnings: string[] = [];
    if (!managers.includes('apt') || r.has?.rc !== 0) {
      const others = managers.filter((m) => m !== 'apt' && requested.includes(m));
      for (const m of others) warnings.push(`Requested package manager ${m} was not usable by this module: ${m} is not supported by kplay`);
      return { failed: true, msg: `Could not detect a supported package manager from the following list: [${[...new Set(managers)].map((m) => `'${m}'`).join(', ')}], or the required Python library is not installed. Check warnings for details.`, ...(warnings.length ? { warnings } : {}) };
    }
    const packages = aptPackages(r.dpkg?.out ?? '', r.all?.out ?? '', r.names?.out ?? '');
    return { changed: false, ansible_facts: { packages } };
  },
};
