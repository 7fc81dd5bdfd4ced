/** Block device facts (hardware/linux.py get_device_facts, get_all_device_links). */
import type { CollectContext } from './context.js';
import type { FactDict, Json, JsonObject } from './types.js';
import { bytesToHuman, fileContent, pyFloat } from './py.js';
import type { RawFacts } from './raw.js';

const LINK_DIRS: ReadonlyArray<[string, string]> = [['ids', '/dev/disk/by-id'], ['uuids', '/dev/disk/by-uuid'], ['labels', '/dev/disk/by-label']];

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** Entries under a directory the script listed (x or l lines), as names. */
function entriesUnder(raw: RawFacts, dir: string): string[] {
  const prefix = `${dir}/`;
  const names = new Set<string>();
  for (const p of [...raw.kinds.keys(), ...raw.links.keys()]) {
    if (p.startsWith(prefix) && !p.slice(prefix.length).includes('/')) names.add(p.slice(prefix.length));
  }
  return [...names];
}

function deviceLinks(raw: RawFacts): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const [type, dir] of LINK_DIRS) {
    const byTarget: Record<string, string[]> = {};
    for (const [path, target] of raw.links) {
      if (!path.startsWith(`${dir}/`) || path.slice(dir.length + 1).includes('/')) continue;
      (byTarget[basename(target)] ??= []).push(basename(path));
    }
    for (const k of Object.keys(byTarget)) byTarget[k] = [...new Set(byTarget[k])].sort();
    out[type] = byTarget;
  }
  const masters: Record<string, string[]> = {};
  for (const p of raw.kinds.keys()) {
    const m = /^\/sys\/block\/([^/]+)\/slaves\/([^/]+)$/.exec(p);
    if (m) (masters[m[2]!] ??= []).push(m[1]!);
  }
  for (const k of Object.keys(masters)) masters[k] = [...new Set(masters[k])].sort();
  out['masters'] = masters;
  return out;
}

function linksFor(links: Record<string, Record<string, string[]>>, name: string): JsonObject {
  const d: JsonObject = {};
  for (const [type, byTarget] of Object.entries(links)) d[type] = byTarget[name] ?? [];
  return d;
}

function holders(raw: RawFacts, dir: string): string[] {
  const out: string[] = [];
  for (const h of entriesUnder(raw, `${dir}/holders`)) {
    if (!h.startsWith('dm-')) continue;
    out.push(fileContent(raw.file(`${dir}/holders/${h}/dm/name`)) || h);
  }
  return out;
}

function sectorSize(raw: RawFacts, dir: string): Json {
  return fileContent(raw.file(`${dir}/queue/logical_block_size`)) || (fileContent(raw.file(`${dir}/queue/hw_sector_size`)) ?? 512);
}

function partitionUuid(raw: RawFacts, partname: string): string | null {
  for (const [path, target] of raw.links) {
    if (!path.startsWith('/dev/disk/by-uuid/')) continue;
    const resolved = target.startsWith('/') ? target : normalize(`/dev/disk/by-uuid/${target}`);
    if (resolved === `/dev/${partname}`) return basename(path);
  }
  return null;
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

export function deviceFacts({ raw }: CollectContext): FactDict {
  const blocks = raw.dirs.get('/sys/block');
  if (!blocks) return { devices: {} };
  const lspci = raw.cmd('lspci')?.out;
  const wwn: Record<string, string> = {};
  for (const [path, target] of raw.links) {
    const m = /^\/dev\/disk\/by-id\/wwn-(.*)$/.exec(path);
    if (m) wwn[basename(target)] = m[1]!;
  }
  const links = deviceLinks(raw);
  const devices: JsonObject = {};
  const sgInq = raw.get('sg_inq');
  for (const block of blocks) {
    const dir = `/sys/block/${block}`;
    const target = raw.links.get(dir);
    const sysdir = target !== undefined ? `/sys/block/${target}` : dir;
    const virtual = target === undefined && raw.exists(`${dir}/device`) ? 0 : 1;
    const diskname = basename(sysdir);
    const d: JsonObject = { virtual, links: linksFor(links, block) };
    for (const key of ['vendor', 'model', 'sas_address', 'sas_device_handle']) d[key] = fileContent(raw.file(`${dir}/device/${key}`)) ?? null;
    if (sgInq) {
      const r = raw.cmd(`sg_inq ${block}`);
      const serial = r && r.rc === 0 ? /(?:Unit serial|Serial) number:\s+(\w+)/.exec(r.out)?.[1] : undefined;
      if (serial) d['serial'] = serial;
    } else {
      const serial = fileContent(raw.file(`${dir}/device/serial`));
      if (serial) d['serial'] = serial;
    }
    d['removable'] = fileContent(raw.file(`${dir}/removable`)) ?? null;
    d['support_discard'] = fileContent(raw.file(`${dir}/queue/discard_granularity`)) ?? null;
    if (diskname in wwn) d['wwn'] = wwn[diskname]!;
    const partitions: JsonObject = {};
    const partRe = new RegExp(`(${escapeRe(diskname)}[p]?\\d+)`);
    for (const folder of entriesUnder(raw, dir)) {
      const m = partRe.exec(folder);
      if (!m) continue;
      const partname = m[1]!;
      const pdir = `${dir}/${partname}`;
      const sectors = fileContent(raw.file(`${pdir}/size`)) ?? 0;
      partitions[partname] = {
        links: linksFor(links, partname),
        start: fileContent(raw.file(`${pdir}/start`)) ?? 0,
        sectors,
        sectorsize: sectorSize(raw, pdir),
        size: bytesToHuman(pyFloat(String(sectors)) * 512),
        uuid: partitionUuid(raw, partname),
        holders: holders(raw, pdir),
      };
    }
    d['partitions'] = partitions;
    d['rotational'] = fileContent(raw.file(`${dir}/queue/rotational`)) ?? null;
    const scheduler = fileContent(raw.file(`${dir}/queue/scheduler`));
    d['scheduler_mode'] = (scheduler !== undefined ? /^.*?(\[(.*)\])/.exec(scheduler)?.[2] : undefined) ?? '';
    const sectors: Json = fileContent(raw.file(`${dir}/size`)) || 0;
    d['sectors'] = sectors;
    d['sectorsize'] = sectorSize(raw, dir);
    d['size'] = bytesToHuman(pyFloat(String(sectors)) * 512);
    d['host'] = '';
    const pci = /^.+\/([a-f0-9]{4}:[a-f0-9]{2}:[0|1][a-f0-9]\.[0-7])\//.exec(sysdir);
    if (pci && lspci) {
      const host = new RegExp(`^${escapeRe(pci[1]!)}\\s(.*)$`, 'm').exec(lspci);
      if (host) d['host'] = host[1]!;
    }
    d['holders'] = holders(raw, dir);
    devices[diskname] = d;
  }
  return { devices, device_links: links };
}
