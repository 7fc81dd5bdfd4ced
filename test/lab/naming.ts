/**
 * Every name and address a lab uses, derived from its lab id and the host index.
 * Kernel link names must fit 15 characters (IFNAMSIZ - 1); all of these embed the lab id,
 * so two labs never touch each other's resources.
 */
export const LAB_ROOT = '/run/kplay-lab';
export const IDS_DIR = `${LAB_ROOT}/ids`;
/** 10.(100+id).0.0/16 must stay a private /16 of its own: ids 1..99. */
export const MAX_LAB_ID = 99;
/** 250 hosts per third octet, third octet 0..254 (255 holds the bridge): far more than needed. */
export const MAX_HOSTS = 1000;
const IFNAMSIZ = 15;

export interface LabNames {
  readonly id: number;
  readonly dir: string;
  readonly bridge: string;
  /** Address of the bridge in the root namespace: the controller's side, and the hosts' gateway. */
  readonly gateway: string;
  readonly prefixLength: 16;
  /** Directory under the cgroup2 mount that holds this lab's per-host cgroups. */
  readonly cgroupName: string;
}

export interface HostNames {
  readonly index: number;
  readonly name: string;
  readonly netns: string;
  /** Root-namespace end of the host's veth; the host's end is always `eth0`. */
  readonly link: string;
  readonly address: string;
}

function checkIfName(name: string): string {
  if (name.length > IFNAMSIZ) throw new Error(`interface name too long: ${name}`);
  return name;
}

export function labNames(id: number): LabNames {
  if (!Number.isInteger(id) || id < 1 || id > MAX_LAB_ID) throw new Error(`bad lab id ${id}`);
  return {
    id,
    dir: `${LAB_ROOT}/lab${id}`,
    bridge: checkIfName(`kpl${id}br`),
    gateway: `10.${100 + id}.255.254`,
    prefixLength: 16,
    cgroupName: `kplay-lab${id}`,
  };
}

export function hostNames(labId: number, index: number): HostNames {
  if (!Number.isInteger(index) || index < 1 || index > MAX_HOSTS) throw new Error(`bad host index ${index}`);
  const third = Math.floor((index - 1) / 250);
  const fourth = ((index - 1) % 250) + 1;
  return {
    index,
    name: `h${index}`,
    netns: checkIfName(`kpl${labId}-h${index}`),
    link: checkIfName(`kpl${labId}v${index}`),
    address: `10.${100 + labId}.${third}.${fourth}`,
  };
}
