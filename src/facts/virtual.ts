/** The virtual collector (virtual/linux.py LinuxVirtual.get_virtual_facts). */
import type { Collect } from './context.js';
import { procStatus } from './context.js';
import type { FactDict } from './types.js';
import { fileContent, fileLines, splitlines, strip } from './py.js';
import { DMI_DIR } from './sh/system.js';

export const virtual: Collect = ({ raw }) => {
  const f: FactDict = {};
  let found = false;
  const host = new Set<string>();
  const guest = new Set<string>();
  const setGuest = (tech: string, type = tech, role: string | undefined = 'guest'): void => {
    guest.add(tech);
    if (!found) {
      f['virtualization_type'] = type;
      if (role !== undefined) f['virtualization_role'] = role;
      found = true;
    }
  };
  if (raw.exists('/proc/1/cgroup')) {
    for (const line of fileLines(raw.file('/proc/1/cgroup'))) {
      if (/\/docker(\/|-[0-9a-f]+\.scope)/.test(line)) setGuest('docker');
      if (/\/lxc\//.test(line) || /\/machine\.slice\/machine-lxc/.test(line)) setGuest('lxc');
      if (/\/system\.slice\/containerd\.service/.test(line)) setGuest('containerd');
    }
  }
  if (raw.exists('/proc/1/environ')) {
    for (const line of fileLines(raw.file('/proc/1/environ'), '\0')) {
      if (/container=lxc/.test(line)) setGuest('lxc');
      if (/container=podman/.test(line)) setGuest('podman');
      if (/^container=./.test(line)) setGuest('container');
    }
  }
  if (raw.exists('/proc/vz') && !raw.exists('/proc/lve')) {
    f['virtualization_type'] = 'openvz';
    if (raw.exists('/proc/bc')) {
      host.add('openvz');
      if (!found) f['virtualization_role'] = 'host';
    } else {
      guest.add('openvz');
      if (!found) f['virtualization_role'] = 'guest';
    }
    found = true;
  }
  const systemdContainer = fileContent(raw.file('/run/systemd/container'));
  if (systemdContainer) setGuest(systemdContainer);
  if (raw.exists('/.dockerenv') || raw.exists('/.dockerinit')) setGuest('docker');
  if (['docker', 'lxc', 'podman', 'openvz', 'containerd'].some((t) => guest.has(t)) || systemdContainer) guest.add('container');
  if (raw.exists('/proc/xen')) {
    const xenHost = fileLines(raw.file('/proc/xen/capabilities')).some((l) => l.includes('control_d'));
    if (xenHost) host.add('xen');
    if (!found) Object.assign(f, { virtualization_type: 'xen', virtualization_role: xenHost ? 'host' : 'guest' });
    found = true;
  }
  if (!found) f['virtualization_role'] = 'guest';
  const dmi = (name: string): string | undefined => fileContent(raw.file(`${DMI_DIR}/${name}`));
  const productName = dmi('product_name');
  const sysVendor = dmi('sys_vendor');
  const productFamily = dmi('product_family');
  const bump = (tech: string): void => {
    guest.add(tech);
    if (!found) {
      f['virtualization_type'] = tech;
      found = true;
    }
  };
  if (['KVM', 'KVM Server', 'Bochs', 'AHV'].includes(productName ?? '')) bump('kvm');
  if (sysVendor === 'oVirt') bump('oVirt');
  if (sysVendor === 'Red Hat') {
    if (productFamily === 'RHV') bump('RHV');
    else if (productName === 'RHEV Hypervisor') bump('RHEV');
  }
  if (['VMware Virtual Platform', 'VMware7,1'].includes(productName ?? '')) bump('VMware');
  if (['OpenStack Compute', 'OpenStack Nova'].includes(productName ?? '')) bump('openstack');
  const biosVendor = dmi('bios_vendor');
  if (biosVendor === 'Xen') bump('xen');
  if (biosVendor === 'innotek GmbH') bump('virtualbox');
  if (['Amazon EC2', 'DigitalOcean', 'Hetzner'].includes(biosVendor ?? '')) bump('kvm');
  if (['QEMU', 'Amazon EC2', 'DigitalOcean', 'Google', 'Scaleway', 'Nutanix'].includes(sysVendor ?? '')) bump('kvm');
  if (sysVendor === 'KubeVirt') bump('KubeVirt');
  if (sysVendor === 'Microsoft Corporation') bump('VirtualPC');
  if (sysVendor === 'Parallels Software International Inc.') bump('parallels');
  if (sysVendor === 'OpenStack Foundation') bump('openstack');
  if (!found) delete f['virtualization_role'];

  const vx = procStatus(raw, 'VxID');
  if (vx !== undefined && /^\d+/.test(vx)) {
    if (!found) f['virtualization_type'] = 'linux_vserver';
    if (/^0/.test(vx)) {
      host.add('linux_vserver');
      if (!found) f['virtualization_role'] = 'host';
    } else {
      guest.add('linux_vserver');
      if (!found) f['virtualization_role'] = 'guest';
    }
    found = true;
  }
  if (raw.exists('/proc/cpuinfo')) {
    for (const line of fileLines(raw.file('/proc/cpuinfo'))) {
      let tech: string | undefined;
      if (/^model name.*QEMU Virtual CPU/.test(line)) tech = 'kvm';
      else if (/^vendor_id.*User Mode Linux/.test(line) || /^model name.*UML/.test(line)) tech = 'uml';
      else if (/^machine.*CHRP IBM pSeries .emulated by qemu./.test(line)) tech = 'kvm';
      else if (/^vendor_id.*PowerVM Lx86/.test(line)) tech = 'powervm_lx86';
      else if (/^vendor_id.*IBM\/S390/.test(line)) tech = 'PR/SM';
      else continue;
      guest.add(tech);
      if (!found) f['virtualization_type'] = tech;
      if (tech === 'PR/SM') {
        const lscpu = raw.cmd('lscpu');
        if (lscpu) {
          if (lscpu.rc === 0) {
            for (const l of splitlines(lscpu.out)) {
              const [key, val] = [strip(l.split(':')[0] ?? ''), l.includes(':') ? strip(l.slice(l.indexOf(':') + 1)) : ''];
              if (key === 'Hypervisor') {
                guest.add(val);
                if (!found) f['virtualization_type'] = val;
              }
            }
          }
        } else {
          guest.add('ibm_systemz');
          if (!found) f['virtualization_type'] = 'ibm_systemz';
        }
      }
      if (!found) f['virtualization_role'] = f['virtualization_type'] === 'PR/SM' ? 'LPAR' : 'guest';
      found = true;
    }
  }
  if (raw.exists('/proc/modules')) {
    const modules = fileLines(raw.file('/proc/modules')).map((l) => l.split(' ')[0]!);
    if (modules.includes('kvm')) {
      host.add('kvm');
      if (!found) Object.assign(f, { virtualization_type: 'kvm', virtualization_role: 'host' });
      if (raw.isDir('/rhev/') && Number(raw.get('vdsm') ?? '0') > 0) {
        host.add('RHEV');
        if (!found) f['virtualization_type'] = 'RHEV';
      }
      found = true;
    }
    const hostMod = (mod: string, tech: string, role: string, set: Set<string>): void => {
      if (!modules.includes(mod)) return;
      set.add(tech);
      if (!found) {
        Object.assign(f, { virtualization_type: tech, virtualization_role: role });
        found = true;
      }
    };
    hostMod('vboxdrv', 'virtualbox', 'host', host);
    hostMod('virtio', 'kvm', 'guest', host);
  }
  const dmidecode = raw.cmd('dmidecode_product');
  if (dmidecode && dmidecode.rc === 0) {
    const vendor = splitlines(dmidecode.out).filter((l) => !l.startsWith('#')).map((l) => strip(l)).join('');
    if (vendor.startsWith('VMware')) setGuest('VMware');
    if (dmidecode.out.includes('BHYVE')) setGuest('bhyve');
  }
  if (raw.exists('/dev/kvm')) {
    host.add('kvm');
    if (!found) {
      Object.assign(f, { virtualization_type: 'kvm', virtualization_role: 'host' });
      found = true;
    }
  }
  if (!found) Object.assign(f, { virtualization_type: 'NA', virtualization_role: 'NA' });
  // Ansible returns Python sets here: their order is random per run. Sorted is as good as any.
  f['virtualization_tech_guest'] = [...guest].sort();
  f['virtualization_tech_host'] = [...host].sort();
  return f;
};
