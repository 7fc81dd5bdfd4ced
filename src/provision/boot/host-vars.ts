import { existsSync, readFileSync } from 'node:fs';
import type { PoolHost } from '../pools/model.js';
import type { DeployRamdisk } from '../pools/provisioning.js';

/** URLs of one armed host on kplay's HTTP server. */
export interface HostUrls {
  readonly server: string;
  readonly kernel: string;
  readonly initrd: string;
  readonly answer: string;
  readonly callback: string;
  /** `image` profiles: the image the deploy ramdisk writes. */
  readonly image?: string;
}

/** The kernel and initrd a host netboots: its netboot profile's, or the deploy ramdisk for an image profile. */
export function bootFiles(host: PoolHost, deploy: DeployRamdisk | undefined): { kernel: string; initrd: string; cmdline?: string } | undefined {
  const p = host.profile;
  if (p.kind === 'netboot') return { kernel: p.kernel, initrd: p.initrd, ...(p.cmdline !== undefined ? { cmdline: p.cmdline } : {}) };
  return deploy;
}

export function hostUrls(server: string, host: PoolHost, token: string, deploy?: DeployRamdisk): HostUrls {
  const p = host.profile;
  const files = bootFiles(host, deploy);
  const local = (what: 'kernel' | 'initrd' | 'image'): string => `${server}/files/${encodeURIComponent(host.name)}/${what}`;
  return {
    server,
    kernel: files && isUrl(files.kernel) ? files.kernel : local('kernel'),
    initrd: files && isUrl(files.initrd) ? files.initrd : local('initrd'),
    ...(p.kind === 'image' ? { image: isUrl(p.image) ? p.image : local('image') } : {}),
    answer: `${server}/answer/${encodeURIComponent(host.name)}/${token}`,
    callback: `${server}/done/${encodeURIComponent(host.name)}/${token}`,
  };
}

/**
 * The variables an answer file template and a profile's cmdline see. No BMC credentials:
 * an answer file travels in clear over the provisioning network.
 */
export function hostVars(host: PoolHost, urls: HostUrls): Record<string, unknown> {
  return {
    hostname: host.name,
    host: host.name,
    pool: host.pool,
    role: host.role,
    order: host.order,
    mac: host.bootMACAddress,
    profile: host.profile.name,
    ssh_user: host.ssh.user ?? 'root',
    ssh_port: host.ssh.port,
    ssh_address: host.ssh.address ?? null,
    ssh_authorized_key: publicKeyOf(host.ssh.privateKeyFile),
    kplay_server: urls.server,
    answer_url: urls.answer,
    callback_url: urls.callback,
    image_url: urls.image ?? null,
  };
}

/** The `.pub` beside the private key, so the installed OS lets kplay in with it. */
function publicKeyOf(privateKeyFile: string | undefined): string | null {
  if (!privateKeyFile || !existsSync(`${privateKeyFile}.pub`)) return null;
  return readFileSync(`${privateKeyFile}.pub`, 'utf8').trim();
}

function isUrl(p: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p);
}
