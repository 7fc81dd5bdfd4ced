/**
 * Ansible's fact collectors for Linux (module_utils/facts/default_collectors.py) and its
 * gather_subset resolution (collector.py: get_collector_names, _solve_deps, tsort), so that
 * `all`, `min`, `!hardware`, `network`, `!all,!min,virtual` select what Ansible selects.
 */

export const COLLECTORS = {
  platform: { ids: ['system', 'kernel', 'kernel_version', 'machine', 'python_version', 'architecture', 'machine_id'], requires: [] },
  distribution: { ids: ['distribution_version', 'distribution_release', 'distribution_major_version', 'os_family'], requires: [] },
  lsb: { ids: [], requires: [] },
  selinux: { ids: [], requires: [] },
  apparmor: { ids: [], requires: [] },
  chroot: { ids: ['is_chroot'], requires: [] },
  fips: { ids: [], requires: [] },
  python: { ids: [], requires: [] },
  caps: { ids: ['system_capabilities', 'system_capabilities_enforced'], requires: [] },
  pkg_mgr: { ids: [], requires: ['distribution'] },
  service_mgr: { ids: [], requires: ['platform', 'distribution'] },
  cmdline: { ids: [], requires: [] },
  date_time: { ids: [], requires: [] },
  env: { ids: [], requires: [] },
  loadavg: { ids: [], requires: [] },
  ssh_pub_keys: {
    ids: ['ssh_host_pub_keys', 'ssh_host_key_dsa_public', 'ssh_host_key_rsa_public', 'ssh_host_key_ecdsa_public', 'ssh_host_key_ed25519_public'],
    requires: [],
  },
  user: {
    ids: ['user_id', 'user_uid', 'user_gid', 'user_gecos', 'user_dir', 'user_shell', 'real_user_id', 'effective_user_id', 'effective_group_ids'],
    requires: [],
  },
  virtual: { ids: ['virtualization_type', 'virtualization_role', 'virtualization_tech_guest', 'virtualization_tech_host'], requires: [] },
  hardware: { ids: ['processor', 'processor_cores', 'processor_count', 'mounts', 'devices'], requires: ['platform'] },
  dns: { ids: [], requires: [] },
  fibre_channel_wwn: { ids: [], requires: [] },
  network: { ids: ['interfaces', 'default_ipv4', 'default_ipv6', 'all_ipv4_addresses', 'all_ipv6_addresses'], requires: ['distribution', 'platform'] },
  iscsi: { ids: [], requires: [] },
  nvme: { ids: [], requires: [] },
  local: { ids: [], requires: [] },
  facter: { ids: ['facter'], requires: [] },
  ohai: { ids: [], requires: [] },
} as const satisfies Record<string, { ids: readonly string[]; requires: readonly string[] }>;

export type CollectorName = keyof typeof COLLECTORS;

/** What the setup module always adds, even for `!all` (modules/setup.py). */
export const MINIMAL_GATHER_SUBSET: ReadonlySet<string> = new Set([
  'apparmor', 'caps', 'cmdline', 'date_time', 'distribution', 'dns', 'env', 'fips', 'local',
  'lsb', 'pkg_mgr', 'platform', 'python', 'selinux', 'service_mgr', 'ssh_pub_keys', 'user',
]);

const NAMES = Object.keys(COLLECTORS) as CollectorName[];

/** fact id or collector name -> the collectors that provide it */
function factIdMap(): Map<string, CollectorName[]> {
  const map = new Map<string, CollectorName[]>();
  const add = (id: string, c: CollectorName): void => {
    const list = map.get(id) ?? [];
    if (!list.includes(c)) list.push(c);
    map.set(id, list);
  };
  for (const c of NAMES) {
    add(c, c);
    for (const id of COLLECTORS[c].ids) add(id, c);
  }
  return map;
}

export class GatherSubsetError extends Error {
  readonly code = 'BAD_GATHER_SUBSET';
}

/** get_collector_names: the subset names a gather_subset spec asks for. */
function collectorNames(gatherSubset: readonly string[], valid: ReadonlySet<string>): Set<string> {
  const additional = new Set<string>();
  const exclude = new Set<string>();
  const explicitlyAdded = new Set<string>();
  for (const subsetId of ['min', ...gatherSubset]) {
    if (subsetId === 'min') {
      for (const s of MINIMAL_GATHER_SUBSET) additional.add(s);
      continue;
    }
    if (subsetId === 'all') {
      for (const s of valid) additional.add(s);
      continue;
    }
    if (subsetId.startsWith('!')) {
      const subset = subsetId.slice(1);
      if (subset === 'min') {
        for (const s of MINIMAL_GATHER_SUBSET) exclude.add(s);
        continue;
      }
      if (subset === 'all') {
        for (const s of valid) if (!MINIMAL_GATHER_SUBSET.has(s)) exclude.add(s);
        continue;
      }
      const aliases = (COLLECTORS as Record<string, { ids: readonly string[] }>)[subset]?.ids ?? [];
      for (const a of aliases) exclude.add(a);
      exclude.add(subset);
      continue;
    }
    if (!valid.has(subsetId)) {
      throw new GatherSubsetError(
        `Bad subset '${subsetId}' given to Ansible. gather_subset options allowed: all, ${[...valid].sort().join(', ')}`,
      );
    }
    explicitlyAdded.add(subsetId);
    additional.add(subsetId);
  }
  if (additional.size === 0) for (const s of valid) additional.add(s);
  for (const e of exclude) if (!explicitlyAdded.has(e)) additional.delete(e);
  return additional;
}

/** The collectors a gather_subset selects, dependencies included, in Ansible's run order. */
export function selectCollectors(gatherSubset: readonly string[]): CollectorName[] {
  const map = factIdMap();
  const valid = new Set(map.keys());
  const names = collectorNames(gatherSubset, valid);
  // _solve_deps
  for (;;) {
    const missing = new Set<string>();
    for (const n of names) {
      for (const c of map.get(n) ?? []) for (const r of COLLECTORS[c].requires) if (!names.has(r)) missing.add(r);
    }
    if (missing.size === 0) break;
    for (const m of missing) names.add(m);
  }
  // tsort: a name whose requirements are all placed goes next
  const deps = new Map<string, Set<string>>();
  for (const n of names) deps.set(n, new Set((map.get(n) ?? []).flatMap((c) => [...COLLECTORS[c].requires])));
  const ordered: string[] = [];
  while (deps.size) {
    let progressed = false;
    for (const [node, edges] of [...deps]) {
      if ([...edges].some((e) => deps.has(e))) continue;
      deps.delete(node);
      ordered.push(node);
      progressed = true;
    }
    if (!progressed) throw new GatherSubsetError('Unable to tsort deps, there was a cycle in the graph.');
  }
  const selected: CollectorName[] = [];
  for (const n of ordered) for (const c of map.get(n) ?? []) if (!selected.includes(c)) selected.push(c);
  return selected;
}
