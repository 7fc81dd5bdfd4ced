// Reads the host for the apt module in one round trip: tools, locale, cache age (updating it when
// asked), and the state of the named packages.
import { shellJoin, shellQuote } from '../../../connection/quote.js';
import type { ModuleContext } from '../../types.js';
import { parseDpkgQuery, parsePolicy, viewCommands, type AptView } from './apt-cache.js';
import { APT_ENV, BEST_LOCALE, runSteps, type StepResult } from './remote.js';

const STAMP = '/var/lib/apt/periodic/update-success-stamp';
const LISTS = '/var/lib/apt/lists';
const CACHE_MTIME = `{ stat -c %Y ${STAMP} 2>/dev/null || stat -c %Y ${LISTS} 2>/dev/null || echo 0; }`;

export interface CacheUpdateRequest {
  readonly validSeconds: number;
  readonly retries: number;
  readonly maxDelay: number;
  readonly check: boolean;
}

export interface AptHost {
  readonly aptGet: string;
  readonly aptitude: string | null;
  readonly aptMark: string | null;
  readonly multiarch: boolean;
  /** mtime of the cache before (and, after an update, after). */
  readonly cacheTime: number;
  readonly cacheUpdated: boolean;
  /** Set when the update failed: apt-get's error output. */
  readonly updateError?: string;
  readonly knownNames?: readonly string[];
  readonly view?: AptView;
}

/* Ansible's retry schedule: 2**n + a random fraction, capped at the max delay. */
function updateScript(u: CacheUpdateRequest): string {
  const rand = Math.floor(Math.random() * 1000) / 1000;
  const delays = Array.from({ length: u.retries }, (_, n) => (2 ** n + rand > u.maxDelay ? u.maxDelay + rand : 2 ** n + rand).toFixed(3));
  const attempts = delays.map((d, n) => `apt-get update -q >/dev/null 2>"$_t.u" && _ok=1${n < delays.length - 1 ? ` || sleep ${d}` : ''}`);
  const loop = attempts.map((a, n) => (n === 0 ? a : `[ "$_ok" = 1 ] || { ${a}; }`)).join('; ');
  return `_m=$(${CACHE_MTIME}); _n=$(date +%s); if [ $((_m + ${u.validSeconds})) -lt "$_n" ]; then echo needed; ${
    u.check ? ':' : `_ok=0; ${loop || ':'}; if [ "$_ok" != 1 ]; then cat "$_t.u" >&2; exit 1; fi`
  }; fi; ${CACHE_MTIME}`;
}

export async function readAptHost(ctx: ModuleContext, o: { update?: CacheUpdateRequest; names?: readonly string[]; listNames: boolean; defaultRelease: string | null }): Promise<AptHost> {
  const view = o.names ? viewCommands(o.names, o.defaultRelease) : undefined;
  const steps: Record<string, string | undefined> = {
    bins: `printf '%s\\n' "$(command -v apt-get)" "$(command -v aptitude)" "$(command -v apt-mark)"`,
    arch: 'dpkg --print-foreign-architectures',
    before: CACHE_MTIME,
    update: o.update ? updateScript(o.update) : undefined,
    pkgnames: o.listNames ? 'apt-cache pkgnames' : undefined,
    dpkg: view?.dpkg,
    policy: view?.policy,
  };
  const r = await runSteps(ctx, `${BEST_LOCALE}; ${APT_ENV}`, steps);
  const bins = (r['bins']?.out ?? '').split('\n');
  const pick = (i: number): string | null => bins[i]?.trim() || null;
  const update: StepResult | undefined = r['update'];
  const lines = (update?.out ?? '').trim().split('\n');
  const before = Number((r['before']?.out ?? '0').trim()) || 0;
  const after = update && update.rc === 0 ? Number(lines[lines.length - 1]) || before : before;
  const needed = lines[0] === 'needed';
  return {
    aptGet: pick(0) ?? '/usr/bin/apt-get',
    aptitude: pick(1),
    aptMark: pick(2),
    multiarch: (r['arch']?.out ?? '').trim() !== '',
    cacheTime: after,
    cacheUpdated: needed && update?.rc === 0 && (o.update!.check || after !== before),
    ...(update && update.rc !== 0 ? { updateError: update.err.trim() } : {}),
    ...(r['pkgnames'] ? { knownNames: r['pkgnames'].out.split('\n').filter(Boolean) } : {}),
    ...(view ? { view: { policy: parsePolicy(r['policy']?.out ?? ''), installed: parseDpkgQuery(r['dpkg']?.out ?? '') } } : {}),
  };
}

/** Reads the state of `names` only (after glob expansion). */
export async function readAptView(ctx: ModuleContext, names: readonly string[], defaultRelease: string | null): Promise<AptView> {
  const cmds = viewCommands(names, defaultRelease);
  const r = await runSteps(ctx, `${BEST_LOCALE}; ${APT_ENV}`, { dpkg: cmds.dpkg, policy: cmds.policy });
  return { policy: parsePolicy(r.policy?.out ?? ''), installed: parseDpkgQuery(r.dpkg?.out ?? '') };
}

/** Runs one mutating command line (Ansible's string, shlex-split) with apt's environment; optional follow-up. */
export async function runAptCommand(ctx: ModuleContext, argvShell: string, opts: { policyRcD?: number | null; after?: string } = {}): Promise<{ main: StepResult; after?: StepResult }> {
  let main = argvShell;
  if (opts.policyRcD !== null && opts.policyRcD !== undefined) {
    const p = '/usr/sbin/policy-rc.d';
    const body = `#!/bin/sh\nexit ${opts.policyRcD}\n`;
    main = `_b=; if [ -e ${p} ]; then _b=$(mktemp -d) && mv ${p} "$_b"/; fi; printf %s ${shellQuote(body)} > ${p}; chmod 0755 ${p}; ${argvShell}; _r=$?; rm -f ${p}; if [ -n "$_b" ]; then mv "$_b"/policy-rc.d ${p}; rmdir "$_b"; fi; exit $_r`;
    main = `( ${main} )`;
  }
  const r = await runSteps(ctx, `${BEST_LOCALE}; ${APT_ENV}`, { main, after: opts.after });
  return { main: r.main!, ...(r.after ? { after: r.after } : {}) };
}

export const joinArgs = shellJoin;
