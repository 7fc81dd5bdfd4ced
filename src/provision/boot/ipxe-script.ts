import type { PoolHost } from '../pools/model.js';
import { renderTemplateText } from './answer-file.js';
import type { HostUrls } from './host-vars.js';

/** The script every iPXE gets from DHCP: it asks for its own MAC's script and gives up (next boot device) when there is none. */
export function genericIpxeScript(server: string): string {
  return ['#!ipxe', `chain --autofree ${server}/ipxe/\${net0/mac:hexhyp} || exit 1`, ''].join('\n');
}

/**
 * One host's script: the profile's kernel and initrd, its cmdline rendered with the host's
 * variables, and `kplay.answer=URL` appended unless the cmdline already names answer_url
 * (`inst.ks={{ answer_url }}`, `url={{ answer_url }}`, ...).
 */
export function hostIpxeScript(host: PoolHost, urls: HostUrls, vars: Record<string, unknown>): string {
  const p = host.profile;
  const raw = p.kind === 'netboot' ? (p.cmdline ?? '') : '';
  let cmdline = renderTemplateText(raw, vars, `profiles.${p.name}.cmdline`).trim();
  if (!raw.includes('answer_url')) cmdline = `${cmdline} kplay.answer=${urls.answer}`.trim();
  return [
    '#!ipxe',
    `echo kplay: installing ${host.name} (${p.name})`,
    `kernel ${urls.kernel} ${cmdline}`.trimEnd(),
    `initrd ${urls.initrd}`,
    'boot',
    '',
  ].join('\n');
}

