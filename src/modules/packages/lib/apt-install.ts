// Ansible's apt install(): which specs need apt-get, then apt-get install and apt-mark manual.
import type { ModuleContext, ModuleResult } from '../../types.js';
import { packageSplit, packageStatus, type AptView } from './apt-cache.js';
import { APT_GET_ZERO, asShell, installCommand, parseDiff, type InstallFlags } from './apt-commands.js';
import { runAptCommand, type AptHost } from './apt-host.js';

const fail = (msg: string, extra: ModuleResult = {}): ModuleResult => ({ failed: true, msg, ...extra });

export async function install(ctx: ModuleContext, host: AptHost, view: AptView, specs: readonly string[], f: InstallFlags, upgrade: boolean, policyRcD: number | null): Promise<ModuleResult> {
  const list: string[] = [];
  const names: string[] = [];
  for (const spec of specs) {
    if (f.buildDep) {
      list.push(spec);
      continue;
    }
    const { name, cmp, version } = packageSplit(spec);
    names.push(name);
    const st = packageStatus(view, name, cmp, version);
    if (!st.known && !st.virtual) return fail(`No package matching '${name}' is available`);
    const installable: string | true | null = st.virtual ? true : st.installable;
    if (!st.installed && f.onlyUpgrade) continue;
    if (!st.versionInstalled && !installable) return fail(`no available installation candidate for ${spec}`);
    if (installable && ((!st.installed && !f.onlyUpgrade) || upgrade || !st.versionInstalled)) {
      list.push(installable !== true ? `${name}=${installable}` : version ? `${name}=${version}` : name);
    } else if (st.versionInstalled && installable && cmp === '=') list.push(`${name}=${version}`);
  }
  const mark = !f.buildDep && !f.check && names.length ? `${host.aptMark ?? 'apt-mark'} manual ${names.join(' ')}` : undefined;
  if (!list.length) {
    if (mark) {
      const r = await runAptCommand(ctx, asShell(mark));
      if (r.main.rc !== 0) return fail(`'${mark}' failed: ${r.main.err}`, { stdout: r.main.out, stderr: r.main.err, rc: r.main.rc });
    }
    return { changed: false };
  }
  const cmd = installCommand(f, list);
  const r = await runAptCommand(ctx, asShell(cmd), { policyRcD, ...(mark ? { after: asShell(mark) } : {}) });
  if (r.after && r.after.rc !== 0) return fail(`'${mark}' failed: ${r.after.err}`, { stdout: r.after.out, stderr: r.after.err, rc: r.after.rc });
  if (r.main.rc !== 0) return fail(`'${cmd}' failed: ${r.main.err}`, { stdout: r.main.out, stderr: r.main.err, rc: r.main.rc });
  const changed = f.buildDep ? !r.main.out.includes(APT_GET_ZERO) : true;
  return { changed, stdout: r.main.out, stderr: r.main.err, diff: ctx.diff ? parseDiff(r.main.out) : {} };
}

