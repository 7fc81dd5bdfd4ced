// Follows ansible.builtin.hostname (ansible-core 2.14): hostnamectl when systemd runs the host,
// else Debian's FileStrategy (/etc/hostname only); `use` picks a strategy by name.
import { shellJoin } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { probe, readText, run, writeText } from './remote.js';

const STRATS = ['alpine', 'debian', 'freebsd', 'generic', 'macos', 'macosx', 'darwin', 'openbsd', 'openrc', 'redhat', 'sles', 'solaris', 'systemd'];

export const hostnameSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    name: { type: 'str', required: true },
    use: { type: 'str', choices: STRATS },
  },
};

class HostnameFailure extends Error {}

interface Strategy {
  current(): Promise<string>;
  permanent(): Promise<string>;
  setCurrent(name: string): Promise<void>;
  setPermanent(name: string): Promise<void>;
  /** systemd sets the permanent name first (NetworkManager complains otherwise). */
  readonly permanentFirst: boolean;
}

function systemdStrategy(ctx: ModuleContext): Strategy {
  const ctl = async (argv: string[]): Promise<string> => {
    const r = await run(ctx, shellJoin(['hostnamectl', ...argv]));
    if (r.rc !== 0) throw new HostnameFailure(`Command failed rc=${r.rc}, out=${r.out}, err=${r.err}`);
    return r.out.trim();
  };
  const tooLong = (name: string): void => {
    if (name.length > 64) throw new HostnameFailure('name cannot be longer than 64 characters on systemd servers, try a shorter name');
  };
  return {
    permanentFirst: true,
    current: () => ctl(['--transient', 'status']),
    permanent: () => ctl(['--static', 'status']),
    setCurrent: async (name) => void (tooLong(name), await ctl(['--transient', 'set-hostname', name])),
    setPermanent: async (name) => void (tooLong(name), await ctl(['--pretty', '--static', 'set-hostname', name])),
  };
}

function fileStrategy(ctx: ModuleContext, file: string): Strategy {
  const permanent = async (): Promise<string> => ((await readText(ctx, file)) ?? '').trim();
  return {
    permanentFirst: false,
    current: permanent,
    permanent,
    setCurrent: async () => undefined,
    setPermanent: (name) => writeText(ctx, file, `${name}\n`),
  };
}

async function pickStrategy(ctx: ModuleContext, use: string | null): Promise<Strategy> {
  if (use === 'systemd' || use === 'debian') return systemdStrategy(ctx);
  if (use === 'sles') return fileStrategy(ctx, '/etc/HOSTNAME');
  if (use !== null && use !== 'generic') throw new HostnameFailure(`kplay's hostname module does not implement the '${use}' strategy`);
  const p = await probe(ctx, {
    systemd: 'command -v systemctl >/dev/null && { [ -e /run/systemd/system/ ] || [ -e /dev/.run/systemd/ ] || [ -e /dev/.systemd/ ]; }',
    debian: '[ -e /etc/debian_version ]',
  });
  if (use === null && p.systemd.rc === 0) return systemdStrategy(ctx);
  if (use === null && p.debian.rc === 0) return fileStrategy(ctx, '/etc/hostname');
  throw new HostnameFailure('hostname module cannot be used on platform Linux');
}

/** socket.getfqdn(): the first name with a dot among the reverse lookup of the host's own address. */
async function fqdn(ctx: ModuleContext): Promise<string> {
  const r = await run(ctx, 'h=$(hostname); ip=$(getent hosts "$h" | awk \'{print $1; exit}\'); names=$( [ -n "$ip" ] && getent hosts "$ip" | head -n1 | cut -d" " -f2- ); for n in $names; do case $n in *.*) echo "$n"; exit;; esac; done; echo "$h"');
  return r.out.trim().split(/\s+/)[0] ?? '';
}

export const hostname: ModuleDefinition = {
  name: 'hostname',
  spec: hostnameSpec,
  async run(args, ctx): Promise<ModuleResult> {
    const name = String(args['name']);
    try {
      const s = await pickStrategy(ctx, args['use'] as string | null);
      const current = await s.current();
      const permanent = await s.permanent();
      let changed = false;
      const updateCurrent = async (): Promise<void> => {
        if ((await s.current()) === name) return;
        if (!ctx.checkMode) await s.setCurrent(name);
        changed = true;
      };
      const updatePermanent = async (): Promise<void> => {
        if ((await s.permanent()) === name) return;
        if (!ctx.checkMode) await s.setPermanent(name);
        changed = true;
      };
      if (s.permanentFirst) {
        await updatePermanent();
        await updateCurrent();
      } else {
        await updateCurrent();
        await updatePermanent();
      }
      const before = name !== current ? current : permanent;
      const f = await fqdn(ctx);
      const result: ModuleResult = {
        changed,
        name,
        ansible_facts: { ansible_hostname: name.split('.')[0], ansible_nodename: name, ansible_fqdn: f, ansible_domain: f.split('.').slice(1).join('.') },
      };
      if (changed) result['diff'] = { after: `hostname = ${name}\n`, before: `hostname = ${before}\n` };
      return result;
    } catch (e) {
      if (e instanceof HostnameFailure) return { failed: true, changed: false, msg: e.message };
      throw e;
    }
  },
};
