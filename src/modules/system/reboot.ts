// Follows the ansible.builtin.reboot action (ansible-core 2.14, Linux): note boot_id, `shutdown -r`, wait until
// boot_id differs, then until test_command succeeds; result {changed, elapsed, rebooted}.
import { shellQuote } from '../../connection/quote.js';
import { ActionError } from '../action-error.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';

export const rebootSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    boot_time_command: { type: 'str', default: 'cat /proc/sys/kernel/random/boot_id' },
    connect_timeout: { type: 'int', aliases: ['connect_timeout_sec'] },
    msg: { type: 'str', default: 'Reboot initiated by Ansible' },
    post_reboot_delay: { type: 'int', default: 0, aliases: ['post_reboot_delay_sec'] },
    pre_reboot_delay: { type: 'int', default: 0, aliases: ['pre_reboot_delay_sec'] },
    reboot_command: { type: 'str' },
    reboot_timeout: { type: 'int', default: 600, aliases: ['reboot_timeout_sec'] },
    search_paths: { type: 'list', elements: 'str', default: ['/sbin', '/bin', '/usr/sbin', '/usr/bin', '/usr/local/sbin'] },
    test_command: { type: 'str', default: 'whoami' },
  },
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Python's naive `datetime.utcnow().isoformat()`, as Ansible puts it in a failed reboot's `start`. */
function utcIsoNow(): string {
  return `${new Date().toISOString().slice(0, -1)}000`;
}

/** One command over the host's connection; a broken connection is a failed attempt, retried by the caller. */
async function exec(ctx: ModuleContext, command: string): Promise<{ rc: number; out: string; err: string }> {
  const conn = await ctx.connection();
  const r = await conn.exec(command, { timeoutMs: 30_000 });
  return { rc: r.code ?? -1, out: r.stdout, err: r.stderr };
}

/** do_until_success_or_timeout: exponential back-off capped at 12 s, until the deadline. */
async function untilSuccess(desc: string, timeout: number, attempt: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeout * 1000;
  for (let fails = 0; Date.now() < deadline; fails++) {
    try {
      await attempt();
      return;
    } catch {
      const jitter = Math.random();
      await sleep(Math.min(2 ** fails, 12) * 1000 + jitter * 1000);
    }
  }
  throw new Error(`Timed out waiting for ${desc} (timeout=${timeout})`);
}

export const reboot: ModuleDefinition = {
  name: 'reboot',
  spec: rebootSpec,
  async run(args, ctx): Promise<ModuleResult> {
    if (ctx.lookupVar('ansible_connection') === 'local') {
      return { changed: false, elapsed: 0, rebooted: false, failed: true, msg: 'Running reboot with local connection would reboot the control node.' };
    }
    if (ctx.checkMode) return { changed: true, elapsed: 0, rebooted: true };
    const bootCmd = String(args['boot_time_command']);
    const bootId = async (): Promise<string> => {
      const r = await exec(ctx, bootCmd);
      if (r.rc !== 0) throw new Error(`reboot: failed to get host boot time info, rc: ${r.rc}, stdout: ${r.out}, stderr: ${r.err}`);
      return r.out.trim();
    };
    let previous: string;
    try {
      previous = await bootId();
    } catch (e) {
      return { failed: true, reboot: false, msg: (e as Error).message };
    }

    let shutdownBin: string;
    let shutdownArgs: string;
    const given = args['reboot_command'] as string | null;
    if (given !== null) {
      const space = given.indexOf(' ');
      shutdownBin = space < 0 ? given : given.slice(0, space);
      shutdownArgs = space < 0 ? '' : given.slice(space + 1);
    } else {
      const delay = Math.max(0, Number(args['pre_reboot_delay']));
      shutdownBin = 'shutdown';
      shutdownArgs = `-r ${Math.floor(delay / 60)} "${String(args['msg'])}"`;
    }
    if (!shutdownBin.startsWith('/')) {
      const paths = (args['search_paths'] as string[]).map(shellQuote).join(' ');
      const found = await exec(ctx, `for d in ${paths}; do [ -e "$d/${shutdownBin.replace(/[^A-Za-z0-9_.-]/g, '')}" ] && { echo "$d/${shutdownBin.replace(/[^A-Za-z0-9_.-]/g, '')}"; exit 0; }; done; exit 1`);
      if (found.rc !== 0) throw new ActionError(`Unable to find command "${shutdownBin}" in search paths: [${(args['search_paths'] as string[]).map((p) => `'${p}'`).join(', ')}]`);
      shutdownBin = found.out.trim();
    }
    let failure: { out: string; err: string } | undefined;
    try {
      // The args are a shell fragment in Ansible too (the message is in double quotes).
      const r = await exec(ctx, `${shellQuote(shutdownBin)} ${shutdownArgs}`);
      if (r.rc !== 0) failure = { out: r.out, err: r.err };
    } catch {
      // The connection dropping under the reboot command is success, as in Ansible.
    }
    // Ansible counts `elapsed` from when the reboot command has returned.
    const start = Date.now();
    const elapsed = (): number => Math.floor((Date.now() - start) / 1000);
    if (failure) {
      return { changed: false, elapsed: 0, failed: true, rebooted: false, msg: `Reboot command failed. Error was: '${failure.out.trim()}, ${failure.err.trim()}'`, start: utcIsoNow() };
    }
    const postDelay = Math.max(0, Number(args['post_reboot_delay']));
    if (postDelay) await sleep(postDelay * 1000);
    const timeout = Number(args['reboot_timeout']);
    try {
      await untilSuccess('last boot time check', timeout, async () => {
        const now = await bootId();
        if (now.length === 0 || now === previous) throw new Error('boot time has not changed');
      });
      await untilSuccess('post-reboot test command', timeout, async () => {
        const r = await exec(ctx, String(args['test_command']));
        if (r.rc !== 0) throw new Error(`Test command failed: ${r.err} ${r.out}`);
      });
    } catch (e) {
      return { failed: true, rebooted: true, msg: (e as Error).message, elapsed: elapsed() };
    }
    return { changed: true, rebooted: true, elapsed: elapsed() };
  },
};
