// Follows ansible.builtin.yum_repository (ansible-core 2.14): one [repoid] section in
// REPOSDIR/FILE.repo written as its RawConfigParser does, with the same diff and result.
import { shellQuote } from '../../connection/quote.js';
import type { ModuleDefinition, ModuleResult, OptionSpec } from '../types.js';
import { parseMode, removeFile, replaceFile } from './lib/host-files.js';
import { dumpSorted, readIni, writeIni } from './lib/ini-file.js';
import { runSteps } from './lib/remote.js';

const STR: OptionSpec = {};
const BOOL: OptionSpec = { type: 'bool' };

/* Options written to the file, by Ansible's name (allowed_params). */
const ALLOWED = ['async', 'bandwidth', 'baseurl', 'cost', 'deltarpm_metadata_percentage', 'deltarpm_percentage', 'enabled', 'enablegroups', 'exclude', 'failovermethod', 'gpgcakey', 'gpgcheck', 'gpgkey', 'module_hotfixes', 'http_caching', 'include', 'includepkgs', 'ip_resolve', 'keepalive', 'keepcache', 'metadata_expire', 'metadata_expire_filter', 'metalink', 'mirrorlist', 'mirrorlist_expire', 'name', 'password', 'priority', 'protect', 'proxy', 'proxy_password', 'proxy_username', 'repo_gpgcheck', 'retries', 's3_enabled', 'skip_if_unavailable', 'sslcacert', 'ssl_check_cert_permissions', 'sslclientcert', 'sslclientkey', 'sslverify', 'throttle', 'timeout', 'ui_repoid_vars', 'username'];

export const yum_repository: ModuleDefinition = {
  name: 'yum_repository',
  spec: {
    supportsCheckMode: true,
    options: {
      async: BOOL, bandwidth: STR, baseurl: { type: 'list', elements: 'str' }, cost: STR, deltarpm_metadata_percentage: STR, deltarpm_percentage: STR,
      description: STR, enabled: BOOL, enablegroups: BOOL, exclude: { type: 'list', elements: 'str' }, failovermethod: { choices: ['roundrobin', 'priority'] },
      file: STR, gpgcakey: STR, gpgcheck: BOOL, gpgkey: { type: 'list', elements: 'str' }, module_hotfixes: BOOL, http_caching: { choices: ['all', 'packages', 'none'] },
      include: STR, includepkgs: { type: 'list', elements: 'str' }, ip_resolve: { choices: ['4', '6', 'IPv4', 'IPv6', 'whatever'] }, keepalive: BOOL, keepcache: { choices: ['0', '1'] },
      metadata_expire: STR, metadata_expire_filter: { choices: ['never', 'read-only:past', 'read-only:present', 'read-only:future'] }, metalink: STR, mirrorlist: STR, mirrorlist_expire: STR,
      name: { required: true }, params: { type: 'dict' }, password: { noLog: true }, priority: STR, protect: BOOL, proxy: STR, proxy_password: { noLog: true }, proxy_username: STR,
      repo_gpgcheck: BOOL, reposdir: { type: 'path', default: '/etc/yum.repos.d' }, retries: STR, s3_enabled: BOOL, skip_if_unavailable: BOOL, sslcacert: { aliases: ['ca_cert'] },
      ssl_check_cert_permissions: BOOL, sslclientcert: { aliases: ['client_cert'] }, sslclientkey: { aliases: ['client_key'] }, sslverify: { type: 'bool', aliases: ['validate_certs'] },
      state: { choices: ['present', 'absent'], default: 'present' }, throttle: STR, timeout: STR, ui_repoid_vars: STR, username: STR,
      mode: { type: 'raw' }, owner: STR, group: STR,
    },
  },
  async run(args, ctx): Promise<ModuleResult> {
    if (args['params']) return { failed: true, msg: "The params option to yum_repository was removed in Ansible 2.5 since it circumvents Ansible's option handling" };
    const repoid = String(args['name']);
    const state = String(args['state']);
    if (state === 'present') {
      if (args['baseurl'] === null && args['metalink'] === null && args['mirrorlist'] === null) return { failed: true, msg: "Parameter 'baseurl', 'metalink' or 'mirrorlist' is required." };
      if (args['description'] === null) return { failed: true, msg: "Parameter 'description' is required." };
    }
    const mode = parseMode(args['mode']);
    if (typeof mode === 'object') return { failed: true, msg: mode.error };
    const dir = String(args['reposdir']);
    const dest = `${dir.replace(/\/+$/, '')}/${String(args['file'] ?? repoid)}.repo`;
    const probe = await runSteps(ctx, '', { dir: `test -d ${shellQuote(dir)}`, file: `test -f ${shellQuote(dest)} && base64 -w0 < ${shellQuote(dest)}` });
    if (probe.dir?.rc !== 0) return { failed: true, msg: `Repo directory '${dir}' does not exist.` };
    const existed = probe.file?.rc === 0;
    const sections = readIni(existed ? Buffer.from(probe.file!.out, 'base64').toString('utf8') : '');
    const before = dumpSorted(sections);
    sections.delete(repoid);
    if (state === 'present') {
      const values: Record<string, unknown> = { ...args, repoid, name: args['description'] };
      delete values['description'];
      for (const k of ['baseurl', 'gpgkey']) if (Array.isArray(values[k])) values[k] = (values[k] as string[]).join('\n');
      const items = new Map<string, string>();
      for (const key of Object.keys(values).sort()) {
        let v = values[key];
        if ((key === 'exclude' || key === 'includepkgs') && Array.isArray(v)) v = v.join(' ');
        else if (typeof v === 'boolean') v = v ? 1 : 0;
        if (v !== null && v !== undefined && ALLOWED.includes(key)) items.set(key, String(v));
      }
      sections.set(repoid, items);
    }
    const after = dumpSorted(sections);
    let changed = before !== after;
    if (!ctx.checkMode && changed) {
      if (sections.size) {
        const w = await replaceFile(ctx, dest, writeIni(sections));
        if (!w.ok) return { failed: true, msg: `Problems handling file ${dest}.`, details: w.err.trim() };
      } else await removeFile(ctx, dest);
    }
    const attrs = [mode !== undefined ? `[ "$(stat -c %a ${shellQuote(dest)})" = ${mode.toString(8)} ] || { echo changed; ${ctx.checkMode ? ':' : `chmod ${mode.toString(8)} ${shellQuote(dest)}`}; }` : '', args['owner'] ? `[ "$(stat -c %U ${shellQuote(dest)})" = ${shellQuote(String(args['owner']))} ] || { echo changed; ${ctx.checkMode ? ':' : `chown ${shellQuote(String(args['owner']))} ${shellQuote(dest)}`}; }` : '', args['group'] ? `[ "$(stat -c %G ${shellQuote(dest)})" = ${shellQuote(String(args['group']))} ] || { echo changed; ${ctx.checkMode ? ':' : `chgrp ${shellQuote(String(args['group']))} ${shellQuote(dest)}`}; }` : ''].filter(Boolean);
    if (attrs.length) {
      const a = await runSteps(ctx, '', { attrs: `[ -f ${shellQuote(dest)} ] || exit 0; ${attrs.join('; ')}` });
      if (a.attrs?.out.includes('changed')) changed = true;
    }
    return { changed, repo: repoid, state, diff: { before_header: dest, before, after_header: dest, after } };
  },
};
