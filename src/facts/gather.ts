/**
 * Fact gathering as ansible.builtin.setup does it (modules/setup.py + ansible_collector.py):
 * plan (gather_subset -> collectors -> one script), then turn the script's output into
 * `ansible_facts` the way the executor sees them (namespace_facts: no `ansible_` prefix,
 * except `ansible_local`).
 */
import { COLLECTORS, type CollectorName, selectCollectors } from './collectors.js';
import type { Collect } from './context.js';
import { filterFacts } from './filter.js';
import { parseRawFacts } from './raw.js';
import { buildFactsScript } from './script.js';
import type { FactDict, Json } from './types.js';
import * as sys from './system.js';
import { dateTime } from './date-time.js';
import { distribution, lsb } from './distribution.js';
import { pkgMgr, serviceMgr } from './packaging.js';
import { hardware } from './hardware.js';
import { network } from './network.js';
import { virtual } from './virtual.js';
import { local } from './local.js';

export interface GatherOptions {
  readonly gatherSubset?: readonly string[];
  readonly gatherTimeout?: number;
  readonly filter?: readonly string[];
  readonly factPath?: string;
  /** Pins the section marker (tests). */
  readonly marker?: string;
}

export interface GatherPlan {
  readonly collectors: readonly CollectorName[];
  readonly script: string;
  readonly marker: string;
  readonly gatherSubset: readonly string[];
  readonly filter: readonly string[];
}

export interface GatherResult {
  /** ansible_facts as a play sees them. */
  readonly facts: Record<string, Json>;
  /** What Ansible would put in the result's `warnings`. */
  readonly warnings: string[];
  /** Collectors that failed (Ansible prints these on the module's stderr and goes on). */
  readonly errors: string[];
}

/** Nothing to parse: the collector returns no facts without a Python interpreter to ask. */
const nothing: Collect = () => ({});

const PARSERS: Record<CollectorName, Collect> = {
  platform: sys.platform,
  distribution,
  lsb,
  selinux: sys.selinux,
  apparmor: sys.apparmor,
  chroot: sys.chroot,
  fips: sys.fips,
  python: nothing,
  caps: sys.caps,
  pkg_mgr: pkgMgr,
  service_mgr: serviceMgr,
  cmdline: sys.cmdline,
  date_time: dateTime,
  env: sys.env,
  loadavg: sys.loadavg,
  ssh_pub_keys: sys.sshPubKeys,
  user: sys.user,
  virtual,
  hardware,
  dns: sys.dns,
  fibre_channel_wwn: sys.fibreChannelWwn,
  network,
  iscsi: sys.iscsi,
  nvme: sys.nvme,
  local,
  facter: nothing,
  ohai: nothing,
};

const ORDER = Object.keys(COLLECTORS) as CollectorName[];

/** Throws GatherSubsetError for a gather_subset Ansible rejects. */
export function planGather(opts: GatherOptions = {}): GatherPlan {
  const gatherSubset = opts.gatherSubset?.length ? opts.gatherSubset : ['all'];
  const selected = new Set(selectCollectors(gatherSubset));
  const collectors = ORDER.filter((c) => selected.has(c));
  const { script, marker } = buildFactsScript({
    collectors,
    factPath: opts.factPath ?? '/etc/ansible/facts.d',
    gatherTimeout: opts.gatherTimeout ?? 10,
    ...(opts.marker !== undefined ? { marker: opts.marker } : {}),
  });
  return { collectors, script, marker, gatherSubset, filter: opts.filter ?? [] };
}

export function factsFromOutput(plan: GatherPlan, output: string): GatherResult {
  const raw = parseRawFacts(output, plan.marker);
  const warnings: string[] = [];
  const errors: string[] = [];
  const collected: FactDict = {};
  const found: Array<[string, Json]> = [];
  for (const c of plan.collectors) {
    let info: FactDict = {};
    try {
      info = PARSERS[c]({ raw, collected, warn: (m) => warnings.push(m) });
    } catch (e) {
      errors.push(`${c}: ${(e as Error).message}`);
    }
    Object.assign(collected, info);
    const named = Object.entries(info).map(([k, v]): [string, Json] => [`ansible_${k.replace(/-/g, '_')}`, v]);
    found.push(...filterFacts(named, plan.filter));
  }
  found.push(...filterFacts<Json>([['gather_subset', [...plan.gatherSubset]], ['module_setup', true]], plan.filter));
  const facts: Record<string, Json> = {};
  for (const [k, v] of found) facts[k.startsWith('ansible_') && k !== 'ansible_local' ? k.slice(8) : k] = v;
  return { facts, warnings, errors };
}
