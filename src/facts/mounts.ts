/**
 * Mount facts (hardware/linux.py get_mount_facts): /etc/mtab entries whose device looks like
 * a path, with statvfs sizes, the lsblk/udevadm UUID and `bind` when findmnt says so.
 */
import type { CollectContext } from './context.js';
import type { FactDict, JsonObject } from './types.js';
import { fileContent, rsplitWs1, splitWs, splitlines, strip } from './py.js';

const OCTAL_ESCAPE = /\\[0-9]{3}/g;

function unescapeOctal(v: string): string {
  return v.replace(OCTAL_ESCAPE, (m) => String.fromCharCode(parseInt(m.slice(1), 8)));
}

function bindMounts(out: string | undefined): Set<string> {
  const binds = new Set<string>();
  for (const line of splitlines(out ?? '')) {
    const fields = splitWs(line);
    if (fields.length < 2) continue;
    if (/^.*\]/.test(fields[1]!)) binds.add(fields[0]!);
  }
  return binds;
}

function lsblkUuids(out: string | undefined): Map<string, string> {
  const uuids = new Map<string, string>();
  for (const line of splitlines(out ?? '')) {
    if (!line) continue;
    const fields = rsplitWs1(strip(line));
    if (fields.length < 2) continue;
    const [dev, uuid] = [strip(fields[0]!), strip(fields[1]!)];
    if (!uuids.has(dev)) uuids.set(dev, uuid);
  }
  return uuids;
}

interface Statvfs {
  frsize: number;
  bsize: number;
  blocks: number;
  bavail: number;
  files: number;
  favail: number;
}

function statvfsByPath(out: string | undefined): Map<string, Statvfs> {
  const map = new Map<string, Statvfs>();
  for (const line of (out ?? '').split('\n')) {
    const m = /^(\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (.*)$/.exec(line);
    if (!m) continue;
    const [frsize, bsize, blocks, bavail, files, favail] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    map.set(m[7]!, { frsize, bsize, blocks, bavail, files, favail });
  }
  return map;
}

export function mountFacts({ raw, warn }: CollectContext): FactDict {
  const binds = bindMounts(raw.cmd('findmnt')?.rc === 0 ? raw.cmd('findmnt')?.out : undefined);
  const uuids = lsblkUuids(raw.cmd('lsblk')?.rc === 0 ? raw.cmd('lsblk')?.out : undefined);
  const statOut = raw.cmd('statvfs');
  const stats = statvfsByPath(statOut?.out);
  const timedOut = statOut?.rc === 124;
  const results = new Map<string, JsonObject>();
  for (const line of splitlines(fileContent(raw.file('mtab')) ?? '')) {
    const fields = splitWs(line);
    if (fields.length < 4) continue;
    const [device, mount, fstype, options] = fields.map(unescapeOctal) as [string, string, string, string];
    if ((!(device.startsWith('/') || device.startsWith('\\')) && !device.includes(':/')) || fstype === 'none') continue;
    const info: JsonObject = { mount, device, fstype, options };
    if (binds.has(mount) && !/^.*bind.*"/.test(options)) info['options'] = `${options},bind`;
    const st = stats.get(mount);
    if (st) {
      Object.assign(info, {
        size_total: st.frsize * st.blocks,
        size_available: st.frsize * st.bavail,
        block_size: st.bsize,
        block_total: st.blocks,
        block_available: st.bavail,
        block_used: st.blocks - st.bavail,
        inode_total: st.files,
        inode_available: st.favail,
        inode_used: st.files - st.favail,
      });
    } else if (timedOut) {
      warn(`Timeout exceeded when getting mount info for ${mount}`);
      info['note'] = 'Could not get extra information due to timeout';
      results.set(mount, info);
      continue;
    }
    info['uuid'] = uuids.get(device) ?? udevadmUuid(raw.cmd(`udev ${device}`)) ?? 'N/A';
    if (info['uuid'] === '') info['uuid'] = 'N/A';
    results.set(mount, info);
  }
  return { mounts: [...results.values()] };
}

function udevadmUuid(out: { out: string; rc: number } | undefined): string | undefined {
  if (!out || out.rc !== 0) return undefined;
  return /ID_FS_UUID=(.*)\n/.exec(out.out)?.[1];
}
