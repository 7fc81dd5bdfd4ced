/* File modes as Ansible's AnsibleModule.set_mode_if_different reads them (module_utils/basic.py). */

const PERM_BITS = 0o7777;
const EXEC_BITS = 0o111;

/** A `mode` argument that is neither octal nor valid symbolic: Ansible's failure message and details. */
export class ModeError extends Error {
  constructor(
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'ModeError';
  }
}

/* Python's int(s, 8): optional sign, optional 0o prefix, underscores between digits, surrounding spaces. */
function pyOctal(s: string): number | undefined {
  const m = /^\s*([+-]?)(?:0[oO])?_?([0-7](?:_?[0-7])*)\s*$/.exec(s);
  if (!m) return undefined;
  const v = parseInt(m[2]!.replace(/_/g, ''), 8);
  return m[1] === '-' ? -v : v;
}

function permsFor(user: 'u' | 'g' | 'o', perms: string, prev: number, isDir: boolean, useUmask: boolean, umask: number): number {
  const rev = umask ^ PERM_BITS;
  const bit = (b: number): number => (useUmask ? rev & b : b);
  const applyX = isDir || (prev & EXEC_BITS) > 0;
  const table: Record<'u' | 'g' | 'o', Record<string, number>> = {
    u: { r: bit(0o400), w: bit(0o200), x: bit(0o100), s: 0o4000, t: 0, u: prev & 0o700, g: (prev & 0o070) << 3, o: (prev & 0o007) << 6, X: applyX ? 0o100 : 0 },
    g: { r: bit(0o040), w: bit(0o020), x: bit(0o010), s: 0o2000, t: 0, u: (prev & 0o700) >> 3, g: prev & 0o070, o: (prev & 0o007) << 3, X: applyX ? 0o010 : 0 },
    o: { r: bit(0o004), w: bit(0o002), x: bit(0o001), s: 0, t: 0o1000, u: (prev & 0o700) >> 6, g: (prev & 0o070) >> 3, o: prev & 0o007, X: applyX ? 0o001 : 0 },
  };
  let out = 0;
  for (const p of perms) out |= table[user][p] ?? 0;
  return out;
}

const WHO_MASK = { u: 0o4700, g: 0o2070, o: 0o1007 } as const;

/** Ansible's _symbolic_mode_to_octal: `u=rw,g+X,o-w` applied to the current mode. */
export function symbolicMode(symbolic: string, currentMode: number, isDir: boolean, umask = 0o022): number {
  let mode = currentMode & PERM_BITS;
  const prev = mode;
  for (const clause of symbolic.split(',')) {
    const parts = clause.split(/[+=-]/);
    const ops = clause.match(/[+=-]/g) ?? [];
    let users = parts.shift() ?? '';
    const useUmask = users === '';
    if (users === 'a' || users === '') users = 'ugo';
    if (/[^ugo]/.test(users)) throw new ModeError('mode must be in octal or symbolic form', `bad symbolic permission for mode: ${clause}`);
    parts.forEach((perms, i) => {
      if (/[^rwxXstugo]/.test(perms)) throw new ModeError('mode must be in octal or symbolic form', `bad symbolic permission for mode: ${clause}`);
      for (const u of users as Iterable<'u' | 'g' | 'o'>) {
        const apply = permsFor(u, perms, prev, isDir, useUmask, umask);
        const op = ops[i];
        if (op === '=') mode = (mode & (WHO_MASK[u] ^ PERM_BITS)) | apply;
        else if (op === '+') mode |= apply;
        else if (op === '-') mode -= mode & apply;
      }
    });
  }
  return mode;
}

/**
 * The permission bits a `mode` argument asks for, given the path's current mode; undefined when no
 * mode is set. An int is taken as is (YAML 0644 arrives as 420), a string as octal, else symbolic.
 * Throws ModeError with Ansible's message.
 */
export function desiredMode(mode: unknown, currentMode: number, isDir: boolean, umask = 0o022): number | undefined {
  if (mode === null || mode === undefined) return undefined;
  if (typeof mode === 'number') return mode;
  const text = String(mode);
  const octal = pyOctal(text);
  if (octal !== undefined) return octal;
  let m: number;
  try {
    m = symbolicMode(text, currentMode, isDir, umask);
  } catch (e) {
    if (e instanceof ModeError) throw e;
    throw new ModeError('mode must be in octal or symbolic form', String(e));
  }
  if (m !== (m & PERM_BITS)) throw new ModeError('Invalid mode supplied, only permission info is allowed', m);
  return m;
}

/** True when `mode` names an absolute mode that does not depend on the current one. */
export function isAbsoluteMode(mode: unknown): boolean {
  return typeof mode === 'number' || (typeof mode === 'string' && pyOctal(mode) !== undefined);
}

/** '0%03o' % mode, as Ansible prints modes in results and diffs. */
export function octalString(mode: number): string {
  return '0' + mode.toString(8).padStart(3, '0');
}
