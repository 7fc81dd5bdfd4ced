import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface InventoryShape {
  readonly hosts: number;
  readonly groups: number;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/**
 * A directory inventory like a real fleet's: `hosts` (INI with inline host vars, [g:vars],
 * [g:children] in three levels: 200 leaf groups, 20 sites, 4 regions), `hosts.yml` adding
 * every host to one of 10 role groups, group_vars/<group>.yml for every group and
 * host_vars/<host>.yml for every host. Deterministic: the same shape gives the same files.
 */
export function generateInventory(dir: string, shape: InventoryShape): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'group_vars'), { recursive: true });
  mkdirSync(join(dir, 'host_vars'), { recursive: true });
  const hostName = (i: number): string => `node${pad(i, 5)}.dc${i % 4}.example.com`;
  const perGroup = Math.ceil(shape.hosts / shape.groups);
  const sites = Math.max(1, Math.floor(shape.groups / 10));
  const ini: string[] = [];
  for (let g = 0; g < shape.groups; g++) {
    ini.push(`[rack${pad(g, 3)}]`);
    for (let i = g * perGroup; i < Math.min(shape.hosts, (g + 1) * perGroup); i++) {
      ini.push(`${hostName(i)} ansible_host=10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} rack_slot=${i % perGroup} serial="SN-${pad(i, 6)}"`);
    }
    ini.push('', `[rack${pad(g, 3)}:vars]`, `rack_id=${g}`, `rack_power="[${g % 3}, ${(g + 1) % 3}]"`, '');
    writeFileSync(join(dir, 'group_vars', `rack${pad(g, 3)}.yml`), [`rack_name: rack-${g}`, `ntp_servers: [ntp${g % 5}.example.com, ntp${(g + 1) % 5}.example.com]`, `sysctl:`, `  vm.swappiness: ${g % 60}`, `  net.core.somaxconn: 4096`, `labels: {rack: "${g}", tier: "${g % 2 ? 'odd' : 'even'}"}`, `motd: "rack {{ rack_name }} in {{ site_name }}"`, ''].join('\n'));
  }
  for (let s = 0; s < sites; s++) {
    ini.push(`[site${pad(s, 2)}:children]`);
    for (let g = s; g < shape.groups; g += sites) ini.push(`rack${pad(g, 3)}`);
    ini.push('');
    writeFileSync(join(dir, 'group_vars', `site${pad(s, 2)}.yml`), `site_name: site-${s}\ndns: [10.0.${s}.53]\n`);
  }
  for (let r = 0; r < 4; r++) {
    ini.push(`[region${r}:children]`);
    for (let s = r; s < sites; s += 4) ini.push(`site${pad(s, 2)}`);
    ini.push('');
    writeFileSync(join(dir, 'group_vars', `region${r}.yml`), `region: r${r}\nansible_group_priority: ${r}\n`);
  }
  ini.push('[all:vars]', 'ansible_user=deploy', 'ansible_python_interpreter=/usr/bin/python3', '');
  writeFileSync(join(dir, 'hosts'), ini.join('\n'));
  writeFileSync(join(dir, 'group_vars', 'all.yml'), 'env: bench\nntp_servers: [pool.ntp.org]\ndomain: example.com\n');
  const roles = ['web', 'db', 'cache', 'queue', 'lb', 'storage', 'compute', 'monitor', 'log', 'auth'];
  const yml: string[] = [];
  for (const [ri, role] of roles.entries()) {
    yml.push(`${role}:`, '  hosts:');
    for (let i = ri; i < shape.hosts; i += roles.length) yml.push(`    ${hostName(i)}:`);
    yml.push('  vars:', `    service: ${role}`, `    port: ${8000 + ri}`);
    writeFileSync(join(dir, 'group_vars', `${role}.yml`), `${role}_enabled: true\nreplicas: ${ri + 1}\n`);
  }
  writeFileSync(join(dir, 'hosts.yml'), yml.join('\n') + '\n');
  for (let i = 0; i < shape.hosts; i++) {
    writeFileSync(join(dir, 'host_vars', `${hostName(i)}.yml`), [`host_index: ${i}`, `mac: "52:54:00:${pad((i >> 16) & 255, 2)}:${pad((i >> 8) & 255, 2)}:${pad(i & 255, 2)}"`, `disks: [sda, sdb]`, `bmc: {address: 10.1.${(i >> 8) & 255}.${i & 255}, user: admin}`, ''].join('\n'));
  }
}
