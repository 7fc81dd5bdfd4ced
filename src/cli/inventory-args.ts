/**
 * `kplay inventory` flags, read the way ansible-inventory's argparse reads them, with
 * node's own parseArgs: yargs costs ~50 ms to load, a tenth of a 5,000-host `--list`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface InventoryArgs {
  readonly inventory: string[];
  readonly list: boolean;
  readonly host: string | undefined;
  readonly graph: boolean;
  readonly vars: boolean;
  readonly yaml: boolean;
  readonly export: boolean;
  readonly playbookDir: string | undefined;
  readonly limit: string | undefined;
  readonly extraVars: string[];
  readonly verbosity: number;
  readonly vaultIds: string[];
  readonly vaultPasswordFiles: string[];
  readonly askVaultPass: boolean;
  readonly positionals: string[];
}

export type ParsedInventoryArgs = { readonly kind: 'run'; readonly args: InventoryArgs } | { readonly kind: 'help' } | { readonly kind: 'usage'; readonly message: string };

export const INVENTORY_USAGE = 'usage: kplay inventory [options] [host|group]';

export const INVENTORY_HELP = `${INVENTORY_USAGE}

Show Ansible inventory information, by default it uses the inventory script JSON format

positional arguments:
  host|group            host or group to graph (with --graph)

options:
  -h, --help            show this help message and exit
  -v, --verbose         more output (-vvv for more)
  -i, --inventory, --inventory-file INVENTORY
                        inventory host path or comma separated host list
  -l, --limit SUBSET    further limit selected hosts to an additional pattern
  -e, --extra-vars EXTRA_VARS
                        set additional variables as key=value or YAML/JSON, if filename prepend with @
  --playbook-dir BASEDIR
                        use this directory's group_vars/host_vars as a playbook's
  --vault-id VAULT_IDS  the vault identity to use
  --ask-vault-password, --ask-vault-pass
                        ask for vault password
  --vault-password-file, --vault-pass-file VAULT_PASSWORD_FILES
                        vault password file
  --export              When doing an --list, represent in a way that is optimized for export
  -y, --yaml            Use YAML format instead of default JSON, ignored for --graph
  --vars                Add vars to graph display, ignored unless used with --graph

Actions:
  --list                Output all hosts info, works as inventory script
  --host HOST           Output specific host info, works as inventory script
  --graph               create inventory graph, if supplying pattern it must be a valid group name
`;

const OPTIONS = {
  inventory: { type: 'string', short: 'i', multiple: true },
  list: { type: 'boolean' },
  host: { type: 'string', multiple: true },
  graph: { type: 'boolean' },
  vars: { type: 'boolean' },
  yaml: { type: 'boolean', short: 'y' },
  export: { type: 'boolean' },
  'playbook-dir': { type: 'string', multiple: true },
  limit: { type: 'string', short: 'l', multiple: true },
  'extra-vars': { type: 'string', short: 'e', multiple: true },
  verbose: { type: 'boolean', short: 'v', multiple: true },
  'vault-id': { type: 'string', multiple: true },
  'vault-password-file': { type: 'string', multiple: true },
  'ask-vault-password': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

type OptionName = keyof typeof OPTIONS;

/** argparse's second long names, read as the first so that repeated flags keep their order. */
const ALIASES: Record<string, string> = {
  '--inventory-file': '--inventory',
  '--vault-pass-file': '--vault-password-file',
  '--ask-vault-pass': '--ask-vault-password',
};

function withAliasesResolved(argv: string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((t, i) => {
    if (end >= 0 && i >= end) return t;
    const eq = t.indexOf('=');
    const name = eq < 0 ? t : t.slice(0, eq);
    const canonical = ALIASES[name];
    return canonical ? canonical + (eq < 0 ? '' : t.slice(eq)) : t;
  });
}

/** `--flag` / `-f` spellings of an option, argparse's way of naming it in errors. */
function spelled(name: OptionName): string {
  const spec = OPTIONS[name] as { short?: string };
  return spec.short ? `-${spec.short}/--${name}` : `--${name}`;
}

/** The option a token names, whether `--name`, `--name=v`, `-x` or `-xVALUE`. */
function optionOf(token: string): OptionName | undefined {
  if (token.startsWith('--')) {
    const name = token.slice(2).split('=')[0] ?? '';
    return name in OPTIONS ? (name as OptionName) : undefined;
  }
  const short = token.charAt(1);
  return (Object.keys(OPTIONS) as OptionName[]).find((n) => (OPTIONS[n] as { short?: string }).short === short);
}

/** argparse's message for parseArgs's error, in ansible-inventory's words. */
function usageMessage(e: Error & { code?: string }, argv: string[]): string {
  const quoted = /'(-[^'\s]*)/.exec(e.message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unrecognized arguments: ${quoted ?? e.message}`;
  const name = quoted ? optionOf(quoted) : undefined;
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && name) return `argument ${spelled(name)}: expected one argument`;
  return `${e.message} (in: ${argv.join(' ')})`;
}

const last = (xs: readonly string[] | undefined): string | undefined => xs?.[xs.length - 1];

export function parseInventoryArgs(argv: string[]): ParsedInventoryArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: withAliasesResolved(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return { kind: 'usage', message: usageMessage(e as Error, argv) };
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  const vaultPasswordFiles = v['vault-password-file'] ?? [];
  const askVaultPass = v['ask-vault-password'] === true;
  if (askVaultPass && vaultPasswordFiles.length > 0) {
    return { kind: 'usage', message: 'argument --vault-password-file/--vault-pass-file: not allowed with argument --ask-vault-password/--ask-vault-pass' };
  }
  return {
    kind: 'run',
    args: {
      inventory: v.inventory ?? [],
      list: v.list === true,
      host: last(v.host),
      graph: v.graph === true,
      vars: v.vars === true,
      yaml: v.yaml === true,
      export: v.export === true,
      playbookDir: last(v['playbook-dir']),
      limit: last(v.limit),
      extraVars: v['extra-vars'] ?? [],
      verbosity: v.verbose?.length ?? 0,
      vaultIds: v['vault-id'] ?? [],
      vaultPasswordFiles,
      askVaultPass,
      positionals: parsed.positionals,
    },
  };
}
