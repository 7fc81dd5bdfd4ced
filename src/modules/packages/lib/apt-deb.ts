// The apt module's `deb:` path (install_deb): local .deb files on the host, their missing
// dependencies through apt-get, then dpkg -i, with python-apt's DebPackage.check() refusals.
import { shellQuote } from '../../../connection/quote.js';
import type { ModuleContext, ModuleResult } from '../../types.js';
import { packageStatus, type AptView } from './apt-cache.js';
import { asShell, expandDpkgOptions, parseDiff, type InstallFlags } from './apt-commands.js';
import { readAptView, runAptCommand, type AptHost } from './apt-host.js';
import { compareDebVersions } from './deb-version.js';
import { runSteps } from './remote.js';
import { install } from './apt-install.js';

interface DebInfo {
  readonly path: string;
  readonly name: string;
  readonly version: string;
  readonly depends: string;
  readonly installedVersion: string | null;
}

const FIELDS = ['Package', 'Version', 'Architecture', 'Depends', 'Pre-Depends'] as const;

/* One line per field (dpkg --field prints nothing for an absent one), then the installed version. */
function fieldsScript(path: string): string {
  const q = shellQuote(path);
  return `for f in ${FIELDS.join(' ')}; do v=$(dpkg --field ${q} "$f") || exit 1; printf '%s\\n' "$v" | tr '\\n' ' '; echo; done; n=$(dpkg --field ${q} Package); dpkg-query -W -f='\${db:Status-Status} \${Version}\\n' "$n" 2>/dev/null | sed -n 1p`;
}

interface Relation {
  readonly name: string;
  readonly op: string | null;
  readonly version: string | null;
}

function parseRelations(text: string): Relation[][] {
  return text
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean)
    .map((g) =>
      g.split('|').map((alt) => {
        const m = /^\s*([^\s(:]+)(?::\S+)?\s*(?:\(\s*(<<|<=|=|>=|>>|<|>)\s*([^)\s]+)\s*\))?/.exec(alt);
        return { name: m?.[1] ?? alt.trim(), op: m?.[2] ?? null, version: m?.[3] ?? null };
      }),
    );
}

function satisfies(have: string, op: string | null, want: string | null): boolean {
  if (!op || want === null) return true;
  const c = compareDebVersions(have, want);
  return { '<<': c < 0, '<': c <= 0, '<=': c <= 0, '=': c === 0, '>=': c >= 0, '>': c >= 0, '>>': c > 0 }[op] ?? false;
}

const relText = (r: Relation): string => (r.op ? `${r.name} (${r.op} ${r.version})` : r.name);

/** DebPackage._satisfy_depends: the first installable alternative of each unmet group, or the failure. */
function missingDeps(groups: readonly Relation[][], view: AptView): { deps: string[]; failure?: string } {
  const deps: string[] = [];
  let failure = '';
  for (const group of groups) {
    const met = group.some((r) => {
      const inst = view.installed.get(r.name);
      return inst?.status === 'installed' && satisfies(inst.version, r.op, r.version);
    });
    if (met) continue;
    const pick = group.find((r) => {
      const cand = view.policy.get(r.name)?.candidate;
      return cand !== undefined && cand !== null && satisfies(cand, r.op, r.version);
    });
    if (pick) deps.push(pick.name);
    else failure += `Dependency is not satisfiable: ${group.map(relText).join(' | ')}\n`;
  }
  return failure ? { deps, failure } : { deps };
}

export async function installDebs(ctx: ModuleContext, host: AptHost, debs: string, p: Record<string, unknown>, flags: InstallFlags): Promise<ModuleResult> {
  const paths = debs.split(',');
  const steps = Object.fromEntries(paths.map((path, i) => [`d${i}`, fieldsScript(path)]));
  const r = await runSteps(ctx, '', steps);
  const infos: DebInfo[] = [];
  for (const [i, path] of paths.entries()) {
    const s = r[`d${i}`];
    if (!s || s.rc !== 0) return { failed: true, msg: `Unable to install package: ${s?.err.trim() || `could not read ${path}`}` };
    const lines = s.out.split('\n').map((l) => l.trim());
    const [status, installed] = (lines[5] ?? '').split(' ');
    infos.push({ path, name: lines[0]!, version: lines[1]!, depends: [lines[4], lines[3]].filter(Boolean).join(', '), installedVersion: status === 'installed' ? (installed ?? null) : null });
  }
  const force = p['force'] === true;
  const allowDowngrade = p['allow_downgrade'] === true;
  const relations = infos.map((d) => parseRelations(d.depends));
  const view = await readAptView(ctx, [...new Set(relations.flat(2).map((x) => x.name))], null);
  const toInstall: string[] = [];
  const deps: string[] = [];
  for (const [i, d] of infos.entries()) {
    if (d.installedVersion !== null && compareDebVersions(d.version, d.installedVersion) === 0) continue;
    let failure = '';
    if (d.installedVersion !== null && compareDebVersions(d.version, d.installedVersion) < 0 && !allowDowngrade) failure = 'A later version is already installed';
    const missing = missingDeps(relations[i]!, view);
    if (!failure && missing.failure) failure = missing.failure;
    if (failure && !(force || (failure.includes('later version') && allowDowngrade))) return { failed: true, msg: failure };
    deps.push(...missing.deps);
    toInstall.push(d.path);
  }
  let depResult: ModuleResult = {};
  let changed = false;
  if (deps.length) {
    const depView = await readAptView(ctx, deps, null);
    if (!packageStatus(depView, deps[0]!, null, null).known && !depView.policy.get(deps[0]!)) return { failed: true, msg: `No package matching '${deps[0]}' is available` };
    depResult = await install(ctx, host, depView, deps, { ...flags, dpkgOptions: expandDpkgOptions(String(p['dpkg_options'])) }, false, null);
    if (depResult.failed) return depResult;
    changed = depResult.changed === true;
  }
  const prevOut = typeof depResult['stdout'] === 'string' ? depResult['stdout'] : undefined;
  const prevErr = typeof depResult['stderr'] === 'string' ? depResult['stderr'] : undefined;
  if (!toInstall.length) return { changed, stdout: prevOut ?? '', stderr: prevErr ?? '', diff: depResult['diff'] ?? '' };
  let options = String(p['dpkg_options'])
    .split(',')
    .map((x) => `--${x}`)
    .join(' ');
  if (ctx.checkMode) options += ' --simulate';
  if (force) options += ' --force-all';
  const cmd = `dpkg ${options} -i ${toInstall.join(' ')}`;
  const run = await runAptCommand(ctx, asShell(cmd), { policyRcD: (p['policy_rc_d'] as number | null) ?? null });
  const stdout = (prevOut ?? '') + run.main.out;
  const stderr = (prevErr ?? '') + run.main.err;
  let diff: unknown;
  const prevDiff = depResult['diff'] as { prepared?: string } | undefined;
  if (prevDiff !== undefined) diff = prevDiff.prepared !== undefined ? { prepared: `${prevDiff.prepared}\n\n${run.main.out}` } : prevDiff;
  else diff = parseDiff(run.main.out);
  if (run.main.rc !== 0) return { failed: true, msg: `${cmd} failed`, stdout, stderr };
  return { changed: true, stdout, stderr, diff };
}
