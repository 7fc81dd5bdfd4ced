import type { PoolHost } from '../pools/model.js';
import { renderTemplateText } from './answer-file.js';
import type { DeployRamdisk } from '../pools/provisioning.js';
import { bootFiles, type HostUrls } from './host-vars.js';

/** The script every iPXE gets from DHCP: it asks for its own MAC's script and gives up (next boot device) when there is none. */
export function genericIpxeScript(server: string): string {
  return ['#!ipxe', `chain --autofree ${server}/ipxe/\${net0/mac:hexhyp} || exit 1`, ''].join('\n');
}

/**
 * One host's script: the profile's kernel and initrd, its cmdline rendered with the host's
 * variables, and `kplay.answer=URL` appended unless the cmdline already names answer_url
 * (`inst.ks={{ answer_url }}`, `url={{ answer_url }}`, ...). An image profile boots the
 * deploy ramdisk instead, told where the image is and where to call back (`kplay.image=`,
 * `kplay.done=`; `kplay.answer=` only when the profile has an answer file;
 * `kplay.image_checksum=TYPE:HEX` or `TYPE:URL` of a checksum file when the profile has one).
 */
export function hostIpxeScript(host: PoolHost, urls: HostUrls, vars: Record<string, unknown>, deploy?: DeployRamdisk): string {
  const p = host.profile;
  const raw = bootFiles(host, deploy)?.cmdline ?? '';
  const where = p.kind === 'netboot' ? `profiles.${p.name}.cmdline` : 'provisioning.deployCmdline';
  let cmdline = renderTemplateText(raw, vars, where).trim();
  const hasAnswer = p.kind === 'netboot' || p.answerFile !== undefined;
  if (hasAnswer && !raw.includes('answer_url')) cmdline = `${cmdline} kplay.answer=${urls.answer}`.trim();
  if (urls.image) cmdline = `${cmdline} kplay.image=${urls.image} kplay.done=${urls.callback}`.trim();
  if (urls.image && p.kind === 'image' && p.checksum) cmdline = `${cmdline} kplay.image_checksum=${p.checksum.type}:${p.checksum.value}`;
  return [
    '#!ipxe',
    `echo kplay: installing ${host.name} (${p.name})`,
    `kernel ${urls.kernel} ${cmdline}`.trimEnd(),
    `initrd ${urls.initrd}`,
    'boot',
    '',
  ].join('\n');
}

