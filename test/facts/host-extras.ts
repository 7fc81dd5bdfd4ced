/**
 * Makes a lab host more interesting than a fresh one: a bridge with a veth port, an interface
 * with secondary and labelled addresses, a point-to-point address, IPv6 globals, and local
 * facts of every kind Ansible handles (JSON, INI, executable, failing, unreadable, broken link).
 */
import type { Lab, TestHost } from '../lab/index.js';

const NETWORK = [
  'ip link add br-kp type bridge',
  'ip link add veth-a type veth peer name veth-b',
  'ip link set veth-a master br-kp',
  'ip link set br-kp up && ip link set veth-a up && ip link set veth-b up',
  'ip addr add 10.8.0.1/16 dev br-kp',
  'ip addr add 10.9.0.1/24 brd 10.9.0.255 dev veth-b',
  'ip addr add 10.9.0.2/24 dev veth-b label veth-b:1',
  'ip addr add 10.9.0.3/24 dev veth-b',
  'ip addr add 192.168.77.1 peer 192.168.77.2 dev veth-b',
  'ip -6 addr add fd00::5/64 dev veth-b nodad',
  'ip -6 addr add fd00::6/64 dev veth-b nodad',
];

const LOCAL_FACTS: Record<string, { content: string; mode?: string }> = {
  'a_json.fact': { content: '{"k": [1, 2.5, "x"], "nested": {"b": null, "t": true}}\n' },
  'b_ini.fact': { content: '[DEFAULT]\nbase = /srv\n\n[sect one]\nPath = %(base)s/data\nmulti = line1\n   line2\n\nother: value with = sign\n' },
  'c_exec.fact': { content: '#!/bin/sh\necho "{\\"from\\": \\"script\\", \\"uid\\": $(id -u)}"\n', mode: '755' },
  'd_fail.fact': { content: '#!/bin/sh\necho oops >&2\nexit 3\n', mode: '755' },
  'e_bad.fact': { content: 'not json nor ini\n' },
  'f_empty.fact': { content: '' },
  'g_others_exec.fact': { content: '{"owner_cannot_run": true}\n', mode: '645' },
};

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export async function addNetworkExtras(lab: Lab, host: TestHost): Promise<void> {
  const r = await lab.exec(host, NETWORK.join(' && '));
  if (r.code !== 0) throw new Error(`network extras on ${host.name}: ${r.stderr}`);
}

export async function addLocalFacts(lab: Lab, host: TestHost, dir = '/etc/ansible/facts.d'): Promise<void> {
  const cmds = [`mkdir -p ${quote(dir)}`];
  for (const [name, { content, mode }] of Object.entries(LOCAL_FACTS)) {
    cmds.push(`printf %s ${quote(content)} > ${quote(`${dir}/${name}`)}`);
    if (mode) cmds.push(`chmod ${mode} ${quote(`${dir}/${name}`)}`);
  }
  cmds.push(`ln -sf /nonexistent ${quote(`${dir}/h_broken.fact`)}`);
  const r = await lab.exec(host, cmds.join(' && '));
  if (r.code !== 0) throw new Error(`local facts on ${host.name}: ${r.stderr}`);
}
