/* generate_ansible_template_vars: what the template action adds for a template file. */
import { readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { PyDateTime } from './py/datetime.js';

/** ansible.cfg's ansible_managed default (DEFAULT_MANAGED_STR). */
export const DEFAULT_MANAGED_STR = 'Ansible managed';

function ownerName(uid: number): string {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[2] === String(uid) && f[0]) return f[0];
    }
  } catch {
    // no passwd file: fall back to the number, as Python's pwd lookup failing does
  }
  return String(uid);
}

export interface TemplateVarsOptions {
  /** The template's path as the task gave it (`src`). */
  path: string;
  /** Where it was found; defaults to `path` made absolute. */
  fullpath?: string;
  /** The task's `dest`. */
  destPath?: string;
  /** ansible_managed's format (`{host}`, `{uid}`, `{file}`, strftime codes). */
  managed?: string;
}

export function ansibleTemplateVars(o: TemplateVarsOptions): Record<string, unknown> {
  const full = o.fullpath ?? resolve(o.path);
  const st = statSync(full);
  const host = hostname();
  const uid = ownerName(st.uid);
  const mtime = PyDateTime.fromEpoch(st.mtimeMs / 1000, false);
  const managed = (o.managed ?? DEFAULT_MANAGED_STR).replace(/\{(host|uid|file)\}/g, (_m, k: string) => (k === 'host' ? host : k === 'uid' ? uid : o.path));
  return {
    template_host: host,
    template_path: o.path,
    template_mtime: mtime,
    template_uid: uid,
    template_run_date: PyDateTime.now(false),
    template_destpath: o.destPath ?? null,
    template_fullpath: full,
    ansible_managed: PyDateTime.fromEpoch(Math.trunc(st.mtimeMs / 1000), false).strftime(managed),
  };
}
