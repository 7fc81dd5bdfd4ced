import { shlexSplit } from '../modules/util/shlex.js';

/** The OpenSSH options kplay understands from ansible_ssh_common_args / ansible_ssh_extra_args. */
export interface SshArgOptions {
  strictHostKeyChecking?: boolean;
  userKnownHostsFiles?: string[];
  proxyJump?: string;
  identityFiles: string[];
  port?: number;
  user?: string;
}

const NO = new Set(['no', 'off', 'false', 'accept-new']);

/** Reads `-o Key=Value`, `-oKey=Value`, `-J host`, `-i file`, `-p port`, `-l user` from ssh argument strings. */
export function parseSshArgs(...args: Array<string | undefined>): SshArgOptions {
  const out: SshArgOptions = { identityFiles: [] };
  const words = args.flatMap((a) => (a ? shlexSplit(a) : []));
  const option = (kv: string): void => {
    const m = /^([A-Za-z]+)\s*[= ]\s*(.*)$/.exec(kv.trim());
    if (!m) return;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'stricthostkeychecking') out.strictHostKeyChecking = !NO.has(value.toLowerCase());
    else if (key === 'userknownhostsfile') out.userKnownHostsFiles = value.split(/\s+/).filter(Boolean);
    else if (key === 'proxyjump') out.proxyJump = value;
    else if (key === 'identityfile') out.identityFiles.push(value);
    else if (key === 'port') out.port = Number(value);
    else if (key === 'user') out.user = value;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = (): string => words[++i] ?? '';
    if (w === '-o') option(next());
    else if (w.startsWith('-o')) option(w.slice(2));
    else if (w === '-J') out.proxyJump = next();
    else if (w === '-i') out.identityFiles.push(next());
    else if (w === '-p') out.port = Number(next());
    else if (w === '-l') out.user = next();
  }
  return out;
}
