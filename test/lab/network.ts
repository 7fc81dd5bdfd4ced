/**
 * The lab network: one bridge in the root namespace holding the gateway address of the
 * lab's /16, and per host a named netns with a veth whose `eth0` end lives in it. The
 * controller reaches every host directly over the bridge. Addresses inside the hosts are
 * set by the host script. All of it in one `ip -batch` call.
 */
import { writeFile } from 'node:fs/promises';
import type { HostNames, LabNames } from './naming.js';
import { runOk } from './proc.js';

export function networkCreateBatch(lab: LabNames, hosts: readonly HostNames[]): string {
  const lines = [
    `link add ${lab.bridge} type bridge forward_delay 0`,
    `addr add ${lab.gateway}/${lab.prefixLength} dev ${lab.bridge}`,
    `link set ${lab.bridge} up`,
  ];
  for (const h of hosts) {
    lines.push(`netns add ${h.netns}`);
    lines.push(`link add ${h.link} type veth peer name eth0 netns ${h.netns}`);
    lines.push(`link set ${h.link} master ${lab.bridge} up`);
  }
  return lines.join('\n') + '\n';
}

export async function createNetwork(lab: LabNames, hosts: readonly HostNames[]): Promise<void> {
  await runOk('ip', ['-batch', '-'], networkCreateBatch(lab, hosts));
  // The hosts' default route points at the bridge. Packets arriving on it must never be
  // routed on to another network, whatever the machine's global ip_forward says.
  await writeFile(`/proc/sys/net/ipv4/conf/${lab.bridge}/forwarding`, '0');
}
