import { OptionsError } from '../errors/source-error.js';

/** Flags of `kplay pool …`: `--name`, `--name=value`, `--name value` for the ones that take a value. */
export interface PoolArgs {
  readonly positional: string[];
  readonly flags: ReadonlyMap<string, string | true>;
}

export function parsePoolArgs(argv: readonly string[], withValue: readonly string[], boolean: readonly string[]): PoolArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (boolean.includes(name) && eq < 0) flags.set(name, true);
    else if (withValue.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new OptionsError(`--${name} needs a value`);
      flags.set(name, v);
    } else throw new OptionsError(`unknown option --${name}`);
  }
  return { positional, flags };
}

export function numberFlag(args: PoolArgs, name: string, fallback: number): number {
  const v = args.flags.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v === true || !Number.isFinite(n) || n <= 0) throw new OptionsError(`--${name} must be a positive number, got ${String(v)}`);
  return n;
}
