/* kplay vs ansible-core's Templar on the kind of templates real roles (kubespray, geerlingguy) use. */
import { describe, expect, it } from 'vitest';
import { ansibleAvailable, FIXTURES, renderWithAnsible, renderWithKplay, type Case } from '../../test/template/differential.js';
import { Templar } from './templar.js';

const FACTS = {
  distribution: 'Debian',
  distribution_major_version: '12',
  os_family: 'Debian',
  architecture: 'x86_64',
  memtotal_mb: 7951,
  processor_vcpus: 4,
  default_ipv4: { address: '10.0.0.11', interface: 'eth0', netmask: '255.255.255.0' },
  mounts: [
    { mount: '/', size_total: 51474912256, fstype: 'ext4' },
    { mount: '/boot', size_total: 1023303680, fstype: 'ext4' },
  ],
  interfaces: ['lo', 'eth0', 'docker0'],
};

const VARS: Record<string, unknown> = {
  inventory_hostname: 'cp1',
  ansible_facts: FACTS,
  ansible_distribution: 'Debian',
  ansible_os_family: 'Debian',
  ansible_memtotal_mb: 7951,
  ansible_default_ipv4: FACTS.default_ipv4,
  groups: { all: ['cp1', 'w1', 'w2'], kube_control_plane: ['cp1'], kube_node: ['w1', 'w2'], etcd: ['cp1'] },
  group_names: ['kube_control_plane', 'etcd'],
  hostvars: {
    cp1: { ansible_host: '10.0.0.11', ip: '10.0.0.11', ansible_default_ipv4: { address: '10.0.0.11' }, node_labels: { role: 'cp' } },
    w1: { ansible_host: '10.0.0.21', ansible_default_ipv4: { address: '10.0.0.21' }, node_labels: { role: 'worker', zone: 'a' } },
    w2: { ansible_host: '10.0.0.22', ansible_default_ipv4: { address: '10.0.0.22' } },
  },
  kube_version: 'v1.27.7',
  kube_pods_subnet: '10.233.64.0/18',
  kube_service_addresses: '10.233.0.0/18',
  containerd_registries: { 'docker.io': ['https://registry-1.docker.io'], 'quay.io': ['https://quay.io', 'https://mirror.example'] },
  sysctl_settings: { 'net.ipv4.ip_forward': 1, 'net.bridge.bridge-nf-call-iptables': 1, 'vm.swappiness': 0 },
  kubelet_extra: ['--node-ip={{ ip | default(ansible_default_ipv4.address) }}', '--max-pods=110'],
  ip: '{{ hostvars[inventory_hostname].ip }}',
  etcd_access_addresses: "{% for item in groups['etcd'] -%}https://{{ hostvars[item]['ansible_host'] }}:2379{% if not loop.last %},{% endif %}{%- endfor %}",
  packages: [{ name: 'curl', state: 'present' }, { name: 'vim', state: 'absent' }, { name: 'jq' }],
  nfs_exports: ['/srv/nfs *(rw,sync,no_subtree_check)'],
  kubeadm_token: 'abcdef.0123456789abcdef',
  omit_like: '__omit_place_holder__x',
};

const T = (t: string): Case => ({ t });
const C = (t: string | unknown[]): Case => ({ t, mode: 'conditional' });
const F = (t: string): Case => ({ t, mode: 'file' });

const CASES: Case[] = [
  T("{{ ansible_facts['distribution'] ~ '-' ~ ansible_facts['distribution_major_version'] }}"), T("{{ groups['kube_control_plane'] | first }}"),
  T("{{ groups['kube_node'] | map('extract', hostvars, 'ansible_host') | list }}"),
  T("{{ groups['all'] | map('extract', hostvars, ['ansible_default_ipv4', 'address']) | list }}"), T('{{ etcd_access_addresses }}'),
  T('{{ etcd_access_addresses.split(",") | length }}'), T('{{ ip }}'), T('{{ kubelet_extra | join(" ") }}'), T("{{ kube_version | regex_replace('^v', '') }}"),
  T("{{ kube_version is version('v1.26.0', '>=') }}"), T("{{ kube_version[1:] is version('1.28', '<') }}"), T('{{ (ansible_memtotal_mb / 1024) | round(1) }}'),
  T('{{ (ansible_memtotal_mb * 0.8) | int }}'), T("{{ ansible_facts.mounts | selectattr('mount', 'equalto', '/') | map(attribute='size_total') | first }}"),
  T("{{ ansible_facts.mounts | map(attribute='size_total') | sum | human_readable }}"), T("{{ ansible_facts.interfaces | reject('match', '^(lo|docker)') | list }}"),
  T("{{ 'kube_control_plane' in group_names }}"), T("{{ inventory_hostname in groups['kube_node'] }}"), T("{{ packages | selectattr('state', 'defined') | selectattr('state', 'eq', 'absent') | map(attribute='name') | list }}"),
  T("{{ packages | map(attribute='state', default='present') | list }}"), T("{{ packages | items2dict(key_name='name', value_name='name') }}"),
  T("{{ sysctl_settings | dict2items | map(attribute='key') | sort }}"), T("{{ containerd_registries | dict2items | selectattr('value', 'contains', 'https://quay.io') | map(attribute='key') | list }}"),
  T("{{ kube_pods_subnet.split('/')[0] }}"), T("{{ kube_service_addresses | regex_replace('0/18$', '1') }}"), T("{{ kubeadm_token | regex_search('^[a-z0-9]{6}') }}"),
  T("{{ kubeadm_token.split('.') | first | length == 6 }}"), T('{{ hostvars[groups["kube_control_plane"][0]]["ansible_host"] }}'),
  T("{{ groups['kube_node'] | map('extract', hostvars) | map(attribute='node_labels', default={}) | list }}"), T("{{ {} | combine(hostvars['w1'].node_labels, {'extra': 'x'}) }}"),
  T("{{ lookup('vars', 'ansible_' + 'distribution') }}"), T("{{ query('dict', sysctl_settings) | map(attribute='value') | list }}"),
  T("{{ groups['all'] | difference(groups['kube_control_plane']) }}"), T("{{ groups['all'] | length is divisibleby 3 }}"),
  T("{{ ansible_facts['default_ipv4']['address'] | default(ansible_host | default(inventory_hostname)) }}"), T("{{ 'x' if ansible_os_family == 'Debian' else 'y' }}"),
  T("{{ '%s:%d' % (ansible_default_ipv4.address, 6443) }}"), T("{{ ['--a', '--b=' ~ kube_version] + kubelet_extra }}"),
  C("ansible_os_family == 'Debian' and ansible_memtotal_mb >= 2048"), C("kube_version is version('v1.25', '>=')"), C("'kube_node' in group_names"),
  C("inventory_hostname == groups['kube_control_plane'][0]"), C("nfs_exports | length > 0"), C("hostvars[inventory_hostname].node_labels.role == 'cp'"),
  C("hostvars['w2'].node_labels is not defined"), C(["ansible_os_family == 'Debian'", "ansible_distribution_major_version is not defined"]),
  F("{% for host in groups['all'] %}\n{{ hostvars[host]['ansible_host'] }} {{ host }}\n{% endfor %}\n"),
  F("[plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors]\n{% for registry, mirrors in containerd_registries.items() %}\n  [plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors.\"{{ registry }}\"]\n    endpoint = [{% for m in mirrors %}\"{{ m }}\"{{ \", \" if not loop.last }}{% endfor %}]\n{% endfor %}\n"),
  F("{% for key, value in sysctl_settings | dictsort %}\n{{ key }} = {{ value }}\n{% endfor %}"),
  F("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: {{ kube_version }}\nnetworking:\n  podSubnet: {{ kube_pods_subnet }}\n  serviceSubnet: {{ kube_service_addresses }}\netcd:\n  external:\n    endpoints:\n{% for e in etcd_access_addresses.split(',') %}\n    - {{ e }}\n{% endfor %}\n"),
  F('# {{ ansible_managed | default("managed") }}\n{% for export in nfs_exports %}\n{{ export }}\n{% endfor %}'),
  F('{% if ansible_os_family == "Debian" %}\ndeb\n{%- else %}\nrpm\n{%- endif %}\n'),
  F('{{ packages | to_nice_yaml(indent=2) }}'), F('{{ sysctl_settings | to_nice_json }}\n'),
];

const enabled = ansibleAvailable();

describe.skipIf(!enabled)('templating matches ansible-core (role-style templates)', () => {
  const expected = enabled ? renderWithAnsible(VARS, CASES) : [];
  const templar = new Templar({ searchPath: [FIXTURES] });
  it.each(CASES.map((c, i) => [`${c.mode ?? 'template'} ${JSON.stringify(c.t)}`, c, i] as const))('%s', (_name, c, i) => {
    const want = expected[i]!;
    const got = renderWithKplay(templar, VARS, c);
    expect(got).toEqual(want);
  });
});
