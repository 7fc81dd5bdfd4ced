/**
 * Builds the one POSIX shell script that gathers everything the selected collectors need,
 * in one round trip. Each collector names the fragments it reads; a fragment shared by two
 * collectors (lsb_release, /proc/cpuinfo) runs once.
 */
import { randomBytes } from 'node:crypto';
import type { CollectorName } from './collectors.js';
import { EPILOGUE, PREAMBLE } from './sh/common.js';
import { SYSTEM_FRAGMENTS } from './sh/system.js';
import { DISTRIBUTION_FRAGMENTS, LSB_RELEASE } from './sh/distribution.js';
import { CPUINFO, CPU_MEMORY_DMI, DEVICES, LVM, mountsFragment } from './sh/hardware.js';
import { NETWORK } from './sh/network.js';
import { VIRTUAL } from './sh/virtual.js';
import { localFragment } from './sh/local.js';

export interface ScriptOptions {
  readonly collectors: readonly CollectorName[];
  readonly factPath: string;
  readonly gatherTimeout: number;
  /** Section marker; random unless a test pins it. */
  readonly marker?: string;
}

export interface FactsScript {
  readonly script: string;
  readonly marker: string;
}

function fragmentsOf(c: CollectorName, opts: ScriptOptions): Array<[string, string]> {
  const own = (text: string | undefined): Array<[string, string]> => (text ? [[c, text]] : []);
  switch (c) {
    case 'distribution':
    case 'lsb':
      return [...own(DISTRIBUTION_FRAGMENTS[c]), ['lsb_release', LSB_RELEASE]];
    case 'pkg_mgr':
    case 'service_mgr':
      return own(DISTRIBUTION_FRAGMENTS[c]);
    case 'hardware':
      return [['cpuinfo', CPUINFO], ['cpu_memory_dmi', CPU_MEMORY_DMI], ['lvm', LVM], ['mounts', mountsFragment(opts.gatherTimeout)], ['devices', DEVICES]];
    case 'virtual':
      return [['cpuinfo', CPUINFO], ['virtual', VIRTUAL]];
    case 'network':
      return [['network', NETWORK]];
    case 'local':
      return [['local', localFragment(opts.factPath)]];
    default:
      return own(SYSTEM_FRAGMENTS[c]);
  }
}

export function buildFactsScript(opts: ScriptOptions): FactsScript {
  const marker = opts.marker ?? `@@kplay-facts-${randomBytes(12).toString('hex')}@@`;
  const seen = new Set<string>();
  const parts = [`M='${marker}'`, PREAMBLE];
  for (const c of opts.collectors) {
    for (const [id, text] of fragmentsOf(c, opts)) {
      if (seen.has(id)) continue;
      seen.add(id);
      parts.push(text);
    }
  }
  parts.push(EPILOGUE);
  return { script: parts.join('\n'), marker };
}
