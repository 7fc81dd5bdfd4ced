// Runs shell steps on a host in one round trip; each step's rc, stdout and stderr come back apart.
import type { ModuleContext } from '../../types.js';

export interface StepResult {
  readonly rc: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Ansible's get_best_parsable_locale: the first of its preferences that `locale -a` lists, else C.
 * Sets $KPLAY_LOCALE for the steps that follow.
 */
export const BEST_LOCALE = `KPLAY_LOCALE=C; _l=$(locale -a 2>/dev/null); for _p in C.utf8 C.UTF-8 en_US.utf8 en_US.UTF-8 C POSIX; do if printf '%s\\n' "$_l" | grep -qxF "$_p"; then KPLAY_LOCALE=$_p; break; fi; done`;

/** The environment the apt module gives every command it runs (APT_ENV_VARS). */
export const APT_ENV = `DEBIAN_FRONTEND=noninteractive DEBIAN_PRIORITY=critical LANG=$KPLAY_LOCALE LC_ALL=$KPLAY_LOCALE LC_MESSAGES=$KPLAY_LOCALE LC_CTYPE=$KPLAY_LOCALE; export DEBIAN_FRONTEND DEBIAN_PRIORITY LANG LC_ALL LC_MESSAGES LC_CTYPE`;

/**
 * Runs `steps` in order in one shell, each in a subshell (it sees the prelude's variables and may
 * `exit`); outputs travel base64-encoded so any byte survives.
 */
export async function runSteps<K extends string>(ctx: ModuleContext, prelude: string, steps: Readonly<Partial<Record<K, string>>>): Promise<Partial<Record<K, StepResult>>> {
  const keys = (Object.keys(steps) as K[]).filter((k) => steps[k] !== undefined);
  const parts = keys.map(
    (k, i) => `( ${steps[k]}
) >"$_t.o" 2>"$_t.e" </dev/null; _rc=$?; printf '\\n@@%s:%s\\n' ${i} "$_rc"; base64 -w0 <"$_t.o"; echo; base64 -w0 <"$_t.e"; echo`,
  );
  const script = `_t=$(mktemp) || exit 1; trap 'rm -f "$_t" "$_t.o" "$_t.e"' EXIT; ${prelude}\n${parts.join('\n')}\n`;
  const conn = await ctx.connection();
  const r = await conn.exec(script);
  const lines = r.stdout.split('\n');
  const out: Partial<Record<K, StepResult>> = {};
  keys.forEach((k, i) => {
    const at = lines.findIndex((l) => l.startsWith(`@@${i}:`));
    if (at < 0) return;
    const decode = (s: string | undefined): string => Buffer.from(s ?? '', 'base64').toString('utf8');
    out[k] = { rc: Number(lines[at]!.slice(`@@${i}:`.length)), out: decode(lines[at + 1]), err: decode(lines[at + 2]) };
  });
  if (keys.length && out[keys[0]!] === undefined) throw new Error(`remote script failed on ${ctx.hostName}: ${r.stderr.trim()}`);
  return out;
}
