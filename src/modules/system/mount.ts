// Follows ansible.posix.mount (1.5.x, Linux): fstab lines matched and rewritten as the module does, then mount/umount.
import { shellJoin, shellQuote } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { backupFile, probe, readText, run, writeText } from './remote.js';

export const mountSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    boot: { type: 'bool', default: true },
    dump: { type: 'str', default: '0' },
    fstab: { type: 'str' },
    fstype: { type: 'str' },
    path: { type: 'path', required: true, aliases: ['name'] },
    opts: { type: 'str' },
    passno: { type: 'str', default: '0' },
    src: { type: 'path' },
    backup: { type: 'bool', default: false },
    state: { type: 'str', required: true, choices: ['absent', 'absent_from_fstab', 'mounted', 'present', 'unmounted', 'remounted', 'ephemeral'] },
  },
};

type Args = Record<string, string | string[]>;
class MountFailure extends Error {}

const escapeFstab = (v: string): string => v.replace(/\\/g, '\\134').replace(/ /g, '\\040').replace(/&/g, '\\046');
const splitFields = (line: string): string[] => line.split(/\s+/).filter(Boolean);
const readlines = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
const LABELS = ['src', 'name', 'fstype', 'opts', 'dump', 'passno'] as const;

/** _set_mount_save_old: the new fstab lines and whether anything changed. */
export function setMountLines(fstab: string, args: Args): { lines: string[]; changed: boolean } {
  const esc = (k: string): string => escapeFstab(String(args[k]));
  const out: string[] = [];
  let exists = false;
  let changed = false;
  const format = (d: Record<string, string | number>): string => `${d['src']} ${d['name']} ${d['fstype']} ${d['opts']} ${d['dump']} ${d['passno']}\n`;
  for (let line of readlines(fstab)) {
    if (!line.endsWith('\n')) line += '\n';
    const fields = splitFields(line);
    if (!line.trim() || line.trim().startsWith('#') || ![4, 5, 6].includes(fields.length)) {
      out.push(line);
      continue;
    }
    // Missing dump/passno are the int 0 in the module: never equal to the string option, so the line is rewritten.
    const ld: Record<string, string | number> = { dump: 0, passno: 0 };
    fields.forEach((f, i) => (ld[LABELS[i]!] = f));
    if (ld['name'] !== esc('name') || ('src' in args && ld['name'] === 'none' && ld['fstype'] === 'swap' && ld['src'] !== args['src'])) {
      out.push(line);
      continue;
    }
    exists = true;
    for (const t of ['src', 'fstype', 'opts', 'dump', 'passno']) {
      if (ld[t] !== esc(t)) {
        ld[t] = esc(t);
        changed = true;
      }
    }
    out.push(changed ? format(ld) : line);
  }
  if (!exists) {
    out.push(format(Object.fromEntries(['src', 'name', 'fstype', 'opts', 'dump', 'passno'].map((k) => [k, esc(k)]))));
    changed = true;
  }
  return { lines: out, changed };
}

/** unset_mount: the fstab without the path's 6-field lines. */
export function unsetMountLines(fstab: string, args: Args): { lines: string[]; changed: boolean } {
  const out: string[] = [];
  let changed = false;
  for (const line of readlines(fstab)) {
    const fields = splitFields(line);
    if (!line.trim() || line.trim().startsWith('#') || fields.length !== 6) {
      out.push(line);
      continue;
    }
    const [src, name, fstype] = fields;
    if (name !== escapeFstab(String(args['name'])) || ('src' in args && name === 'none' && fstype === 'swap' && src !== args['src'])) {
      out.push(line);
      continue;
    }
    changed = true;
  }
  return { lines: out, changed };
}

/** get_linux_mounts: mount point → source (bind mounts resolved to their root within the parent). */
export function linuxMounts(mountinfo: string): Map<string, { src: string; fs: string }> {
  const info = new Map<number, { id: number; parent: number; root: string; dst: string; fs: string; src: string }>();
  for (const line of mountinfo.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const f = line.split(/\s+/);
    info.set(Number(f[0]), { id: Number(f[0]), parent: Number(f[1]), root: f[3]!, dst: f[4]!, fs: f[f.length - 3]!, src: f[f.length - 2]! });
  }
  const mounts = new Map<string, { src: string; fs: string }>();
  for (const mnt of info.values()) {
    let src = mnt.src;
    const m = mnt.parent !== 1 ? info.get(mnt.parent) : undefined;
    if (m) {
      if (m.root.length > 1 && mnt.root.startsWith(`${m.root}/`)) mnt.root = mnt.root.slice(m.root.length);
      if (m.dst !== '/') mnt.root = `${m.dst}${mnt.root}`;
      src = mnt.root;
    }
    mounts.set(mnt.dst, { src, fs: mnt.fs });
  }
  return mounts;
}

/* ismount(): lstat of the path and of realpath(path/..) differ in device, or share an inode. */
const isMountScript = (p: string): string => `p=${shellQuote(p)}; [ -e "$p" ] && [ ! -L "$p" ] || exit 1; a=$(stat -c '%d %i' "$p") && b=$(stat -c '%d %i' "$(realpath "$p/..")") || exit 1; [ "\${a% *}" != "\${b% *}" ] || [ "\${a#* }" = "\${b#* }" ]`;

async function mountCmd(ctx: ModuleContext, args: Args, state: string, remount?: string): Promise<{ rc: number; msg: string }> {
  const cmd = ['mount'];
  if (remount) cmd.push('-o', remount);
  if (state !== 'ephemeral' && args['fstab'] !== '/etc/fstab') cmd.push('-T', String(args['fstab']));
  if (state === 'ephemeral') {
    cmd.push('-t', String(args['fstype']));
    if (args['opts'] !== 'defaults') cmd.push('-o', String(args['opts']));
    cmd.push(String(args['src']));
  }
  cmd.push(String(args['name']));
  const r = await run(ctx, shellJoin(cmd));
  return { rc: r.rc, msg: r.rc === 0 ? '' : r.out + r.err };
}

async function umount(ctx: ModuleContext, path: string): Promise<{ rc: number; msg: string }> {
  const r = await run(ctx, shellJoin(['umount', path]));
  return { rc: r.rc, msg: r.rc === 0 ? '' : r.out + r.err };
}

async function remount(ctx: ModuleContext, args: Args, state: string): Promise<{ rc: number; msg: string }> {
  const withOpts = state === 'remounted' && args['opts'] !== 'defaults';
  const r = await mountCmd(ctx, args, state, withOpts ? `remount,${String(args['opts'])}` : 'remount');
  if (r.rc === 0) return r;
  if (withOpts) {
    throw new MountFailure('Options were specified with remounted, but the remount command failed. Failing in order to prevent an unexpected mount result. Try replacing this command with a "state: unmounted" followed by a "state: mounted" using the full desired mount options instead.');
  }
  const u = await umount(ctx, String(args['name']));
  return u.rc === 0 ? mountCmd(ctx, args, state) : u;
}

function buildArgs(params: Record<string, unknown>): Args {
  const args: Args = { name: String(params['path']), opts: 'defaults', dump: '0', passno: '0', fstab: '/etc/fstab', boot: 'yes', warnings: [] };
  for (const key of ['src', 'fstype', 'passno', 'opts', 'dump', 'fstab']) if (params[key] !== null) args[key] = String(params[key]);
  const warnings = args['warnings'] as string[];
  const opts = String(args['opts']).split(',');
  if (opts.includes('noauto')) warnings.push("Ignore the 'boot' due to 'opts' contains 'noauto'.");
  else if (params['boot'] === false) {
    args['boot'] = 'no';
    if (opts.includes('defaults')) warnings.push("Ignore the 'boot' due to 'opts' contains 'defaults'.");
    else args['opts'] = [...opts, 'noauto'].join(',');
  }
  args['backup_file'] = '';
  return args;
}

async function writeFstab(ctx: ModuleContext, args: Args, lines: string[], backup: boolean): Promise<string> {
  const backupName = backup ? ((await backupFile(ctx, String(args['fstab']))) ?? '') : '';
  await writeText(ctx, String(args['fstab']), lines.join(''));
  return backupName;
}

async function apply(params: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const state = String(params['state']);
  const args = buildArgs(params);
  const name = String(args['name']);
  const fstab = String(args['fstab']);
  const backup = params['backup'] === true;
  const p = await probe(ctx, {
    mountinfo: 'cat /proc/self/mountinfo',
    isMount: isMountScript(name),
    exists: `test -e ${shellQuote(name)}`,
    prepareFstab: state === 'ephemeral' ? 'true' : `f=${shellQuote(fstab)}; [ -e "$f" ] || { mkdir -p "$(dirname "$f")" && : >>"$f"; }`,
  });
  if (p.prepareFstab.rc !== 0) throw new MountFailure(`Failed to open ${fstab} due to ${p.prepareFstab.err.trim()}`);
  const mounts = p.mountinfo.rc === 0 ? linuxMounts(p.mountinfo.out) : undefined;
  if (!mounts) (args['warnings'] as string[]).push('Cannot open file /proc/self/mountinfo. Bind mounts might be misinterpreted.');
  const isMounted = (src?: string): boolean => p.isMount.rc === 0 || (mounts !== undefined && mounts.has(name) && (src === undefined || mounts.get(name)!.src === src));
  const fstabText = async (): Promise<string> => (await readText(ctx, fstab)) ?? '';
  let changed = false;

  if (state === 'absent' || state === 'absent_from_fstab') {
    const u = unsetMountLines(await fstabText(), args);
    changed = u.changed;
    if (changed && !ctx.checkMode) await writeFstab(ctx, args, u.lines, backup);
    if (state === 'absent' && changed && !ctx.checkMode) {
      if (isMounted()) {
        const r = await umount(ctx, name);
        if (r.rc !== 0) throw new MountFailure(`Error unmounting ${name}: ${r.msg}`);
      }
      const rm = await run(ctx, `p=${shellQuote(name)}; [ -e "$p" ] || exit 0; rmdir "$p"`);
      if (rm.rc !== 0) throw new MountFailure(`Error rmdir ${name}: ${rm.err.trim()}`);
    }
  } else if (state === 'unmounted') {
    if (isMounted()) {
      if (!ctx.checkMode) {
        const r = await umount(ctx, name);
        if (r.rc !== 0) throw new MountFailure(`Error unmounting ${name}: ${r.msg}`);
      }
      changed = true;
    }
  } else if (state === 'mounted' || state === 'ephemeral') {
    let created = '';
    if (p.exists.rc !== 0 && !ctx.checkMode) {
      const r = await run(ctx, `p=${shellQuote(name)}; first=; cur=; set -f; IFS=/; for d in $p; do [ -n "$d" ] || continue; cur="$cur/$d"; [ -e "$cur" ] && continue; mkdir "$cur" || exit 1; [ -n "$first" ] || first=$cur; done; printf '%s' "$first"`);
      if (r.rc !== 0) throw new MountFailure(`Error making dir ${name}: ${r.err.trim()}`);
      created = r.out;
    }
    const before = state === 'ephemeral' ? '' : await fstabText();
    if (state !== 'ephemeral') {
      const s = setMountLines(before, args);
      changed = s.changed;
      if (changed && !ctx.checkMode) args['backup_file'] = await writeFstab(ctx, args, s.lines, backup);
    }
    let res = { rc: 0, msg: '' };
    if (isMounted(state === 'mounted' || state === 'ephemeral' ? String(args['src']) : undefined)) {
      if (changed && !ctx.checkMode) res = await remount(ctx, args, state);
      if (state === 'ephemeral') {
        const same = mounts?.get(name)?.src === args['src'] || (await run(ctx, 'mount -v')).out.split('\n').some((l) => splitFields(l)[0] === args['src'] && splitFields(l)[2] === name);
        if (!same) throw new MountFailure('Ephemeral mount point is already mounted with a different source than the specified one. Failing in order to prevent an unwanted unmount or override operation. Try replacing this command with a "state: unmounted" followed by a "state: ephemeral", or use a different destination path.');
        changed = true;
        if (!ctx.checkMode) res = await remount(ctx, args, state);
      }
    } else {
      changed = true;
      if (!ctx.checkMode) res = await mountCmd(ctx, args, state);
    }
    if (res.rc !== 0) {
      if (state !== 'ephemeral') await writeText(ctx, fstab, readlines(before).map((l) => (l.endsWith('\n') ? l : `${l}\n`)).join(''));
      if (created) await run(ctx, `rm -r ${shellQuote(created)} 2>/dev/null; true`);
      throw new MountFailure(`Error mounting ${name}: ${res.msg}`);
    }
  } else if (state === 'present') {
    const s = setMountLines(await fstabText(), args);
    changed = s.changed;
    if (changed && !ctx.checkMode) args['backup_file'] = await writeFstab(ctx, args, s.lines, backup);
  } else if (state === 'remounted') {
    if (!ctx.checkMode) {
      const r = await remount(ctx, args, state);
      if (r.rc !== 0) throw new MountFailure(`Error remounting ${name}: ${r.msg}`);
    }
    changed = true;
  }
  // AnsibleModule turns the warnings list into [WARNING] lines; an empty one is dropped.
  const { warnings, ...rest } = args;
  return { changed, ...rest, ...(warnings!.length ? { warnings } : {}) };
}

export const mount: ModuleDefinition = {
  name: 'mount',
  spec: mountSpec,
  async run(params, ctx): Promise<ModuleResult> {
    const state = String(params['state']);
    if (['mounted', 'present', 'ephemeral'].includes(state)) {
      const missing = ['src', 'fstype'].filter((k) => params[k] === null);
      if (missing.length) return { failed: true, changed: false, msg: `state is ${state} but all of the following are missing: ${missing.join(', ')}` };
    }
    try {
      return await apply(params, ctx);
    } catch (e) {
      if (e instanceof MountFailure) return { failed: true, changed: false, msg: e.message };
      throw e;
    }
  },
};
