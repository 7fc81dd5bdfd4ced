/**
 * `kplay vault` flags, parsed with yargs and checked the way ansible-vault's argparse
 * checks them (unknown flags, missing values, mutually exclusive pairs), with its messages.
 */
import yargs from 'yargs';
import { ACTIONS, actionHelp, mainHelp, usageError, type VaultAction } from './help.js';

export interface VaultArgs {
  readonly action: VaultAction;
  readonly args: string[];
  readonly vaultIds: string[];
  readonly vaultPasswordFiles: string[];
  readonly askVaultPass: boolean;
  readonly verbosity: number;
  readonly outputFile: string | undefined;
  readonly encryptVaultId: string | undefined;
  readonly prompt: boolean;
  readonly showInput: boolean;
  readonly names: string[];
  readonly stdinName: string | undefined;
  readonly newVaultPasswordFile: string | undefined;
  readonly newVaultId: string | undefined;
}

export type ParsedArgs =
  | { readonly kind: 'run'; readonly args: VaultArgs }
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage'; readonly text: string };

interface FlagSpec {
  readonly names: readonly string[];
  readonly value: boolean;
}

/** Every flag by its canonical (yargs) name; `-v`/`-h` are everywhere. */
const FLAGS: Record<string, FlagSpec> = {
  'vault-id': { names: ['--vault-id'], value: true },
  'ask-vault-password': { names: ['--ask-vault-password', '--ask-vault-pass'], value: false },
  'vault-password-file': { names: ['--vault-password-file', '--vault-pass-file'], value: true },
  verbose: { names: ['-v', '--verbose'], value: false },
  output: { names: ['--output'], value: true },
  'encrypt-vault-id': { names: ['--encrypt-vault-id'], value: true },
  prompt: { names: ['-p', '--prompt'], value: false },
  'show-input': { names: ['--show-input'], value: false },
  name: { names: ['-n', '--name'], value: true },
  'stdin-name': { names: ['--stdin-name'], value: true },
  'new-vault-password-file': { names: ['--new-vault-password-file'], value: true },
  'new-vault-id': { names: ['--new-vault-id'], value: true },
  help: { names: ['-h', '--help'], value: false },
};

const COMMON = ['vault-id', 'ask-vault-password', 'vault-password-file', 'verbose', 'help'];
const ALLOWED: Record<VaultAction, string[]> = {
  create: [...COMMON, 'encrypt-vault-id'],
  decrypt: [...COMMON, 'output'],
  edit: [...COMMON, 'encrypt-vault-id'],
  view: COMMON,
  encrypt: [...COMMON, 'output', 'encrypt-vault-id'],
  encrypt_string: [...COMMON, 'output', 'encrypt-vault-id', 'prompt', 'show-input', 'name', 'stdin-name'],
  rekey: [...COMMON, 'encrypt-vault-id', 'new-vault-password-file', 'new-vault-id'],
};
const EXCLUSIVE: Array<[string, string]> = [
  ['ask-vault-password', 'vault-password-file'],
  ['new-vault-password-file', 'new-vault-id'],
];

function flagOf(token: string): { key: string; inlineValue: boolean } | undefined {
  const [name = '', ...rest] = token.split('=');
  for (const [key, spec] of Object.entries(FLAGS)) {
    if (spec.names.includes(name)) return { key, inlineValue: rest.length > 0 };
  }
  // Short flags grouped (-vvv) or with an attached value (-nNAME).
  if (/^-[a-z]/.test(token) && !token.startsWith('--')) {
    const first = token.charAt(1);
    if (first === 'v' && /^-v+$/.test(token)) return { key: 'verbose', inlineValue: false };
    if (first === 'n') return { key: 'name', inlineValue: token.length > 2 };
    if (first === 'p' || first === 'h') return token.length === 2 ? { key: first === 'p' ? 'prompt' : 'help', inlineValue: false } : undefined;
  }
  return undefined;
}

const isOptionLike = (t: string): boolean => t.startsWith('-') && t !== '-' && !/^-\d/.test(t);

interface Scan {
  seen: Array<{ key: string; token: string }>;
  unknown: string[];
  missing: string | undefined;
  /** The tokens with every `--flag value` joined as `--flag=value`, so yargs reads `-` as a value. */
  normalized: string[];
}

function scan(tokens: string[]): Scan {
  const out: Scan = { seen: [], unknown: [], missing: undefined, normalized: [] };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    if (t === '--') {
      out.normalized.push(...tokens.slice(i));
      break;
    }
    const flag = isOptionLike(t) ? flagOf(t) : undefined;
    if (!flag) {
      if (isOptionLike(t)) out.unknown.push(t);
      out.normalized.push(t);
      continue;
    }
    out.seen.push({ key: flag.key, token: t.split('=')[0] ?? t });
    const next = tokens[i + 1];
    if (!FLAGS[flag.key]?.value || flag.inlineValue) out.normalized.push(t);
    else if (next === undefined || isOptionLike(next)) out.missing ??= flag.key;
    else {
      out.normalized.push(`--${flag.key}=${next}`);
      i++;
    }
  }
  return out;
}

function argName(key: string): string {
  return (FLAGS[key]?.names ?? [key]).join('/');
}

const many = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));
const one = (v: unknown): string | undefined => {
  const all = many(v);
  return all.length > 0 ? all[all.length - 1] : undefined;
};

export function parseVaultArgs(argv: string[]): ParsedArgs {
  let i = 0;
  while (i < argv.length && isOptionLike(argv[i] ?? '')) {
    const t = argv[i] ?? '';
    if (t === '-h' || t === '--help') return { kind: 'help', text: mainHelp() };
    if (t === '--version') return { kind: 'version' };
    if (!/^-v+$/.test(t) && t !== '--verbose') return { kind: 'usage', text: usageError(`unrecognized arguments: ${t}`) };
    i++;
  }
  const leading = argv.slice(0, i).filter((t) => /^-v+$|^--verbose$/.test(t));
  const actionToken = argv[i];
  if (actionToken === undefined) return { kind: 'usage', text: usageError('the following arguments are required: action') };
  const action = ACTIONS.find((a) => a === actionToken);
  if (!action) {
    const choices = ACTIONS.map((a) => `'${a}'`).join(', ');
    return { kind: 'usage', text: usageError(`argument action: invalid choice: '${actionToken}' (choose from ${choices})`) };
  }
  const rest = argv.slice(i + 1);
  const s = scan(rest);
  if (s.seen.some((f) => f.key === 'help')) return { kind: 'help', text: actionHelp(action) };
  if (s.missing) return { kind: 'usage', text: usageError(`argument ${argName(s.missing)}: expected one argument`, action) };
  for (const [a, b] of EXCLUSIVE) {
    const first = s.seen.find((f) => f.key === a || f.key === b);
    const clash = first && s.seen.find((f) => f.key === (first.key === a ? b : a));
    if (first && clash) return { kind: 'usage', text: usageError(`argument ${argName(clash.key)}: not allowed with argument ${argName(first.key)}`, action) };
  }
  const unknown = [...s.unknown, ...s.seen.filter((f) => !ALLOWED[action].includes(f.key)).map((f) => f.token)];
  if (unknown.length > 0) return { kind: 'usage', text: usageError(`unrecognized arguments: ${unknown.join(' ')}`) };

  const y = yargs(s.normalized)
    .parserConfiguration({
      'camel-case-expansion': false,
      'duplicate-arguments-array': true,
      'boolean-negation': false,
      'dot-notation': false,
      'parse-numbers': false,
      'parse-positional-numbers': false,
      'strip-aliased': true,
    })
    .option('vault-id', { type: 'string' })
    .option('ask-vault-password', { type: 'boolean', alias: 'ask-vault-pass' })
    .option('vault-password-file', { type: 'string', alias: 'vault-pass-file' })
    .option('verbose', { type: 'count', alias: 'v' })
    .option('output', { type: 'string' })
    .option('encrypt-vault-id', { type: 'string' })
    .option('prompt', { type: 'boolean', alias: 'p' })
    .option('show-input', { type: 'boolean' })
    .option('name', { type: 'string', alias: 'n' })
    .option('stdin-name', { type: 'string' })
    .option('new-vault-password-file', { type: 'string' })
    .option('new-vault-id', { type: 'string' })
    .help(false)
    .version(false)
    .exitProcess(false);
  const o = y.parseSync() as Record<string, unknown> & { _: Array<string | number> };
  return {
    kind: 'run',
    args: {
      action,
      args: o._.map(String),
      vaultIds: many(o['vault-id']),
      vaultPasswordFiles: many(o['vault-password-file']),
      askVaultPass: o['ask-vault-password'] === true,
      verbosity: leading.reduce((n, t) => n + (t === '--verbose' ? 1 : t.length - 1), 0) + Number(o['verbose'] ?? 0),
      outputFile: one(o['output']),
      encryptVaultId: one(o['encrypt-vault-id']),
      prompt: o['prompt'] === true,
      showInput: o['show-input'] === true,
      names: many(o['name']),
      stdinName: one(o['stdin-name']),
      newVaultPasswordFile: one(o['new-vault-password-file']),
      newVaultId: one(o['new-vault-id']),
    },
  };
}
