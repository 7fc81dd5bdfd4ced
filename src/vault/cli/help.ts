/** ansible-vault's argparse help and usage texts, with kplay's program name. */
import { textWrap } from '../../callback/textwrap.js';

export const PROG = 'kplay vault';

export const ACTIONS = ['create', 'decrypt', 'edit', 'view', 'encrypt', 'encrypt_string', 'rekey'] as const;
export type VaultAction = (typeof ACTIONS)[number];

const TEXT_WIDTH = 78;

/** argparse's usage wrapping: optionals fill lines after the program, positionals start a new one. */
function usage(prog: string, optionals: string[], positionals: string[]): string {
  const prefix = 'usage: ';
  const one = [prog, ...optionals, ...positionals].join(' ');
  if (prefix.length + one.length <= TEXT_WIDTH) return `${prefix}${one}`;
  const indent = ' '.repeat(prefix.length + prog.length + 1);
  const lines = (parts: string[], first: boolean): string[] => {
    const out: string[] = [];
    let line: string[] = [];
    let len = first ? prefix.length - 1 : indent.length - 1;
    for (const part of parts) {
      if (len + 1 + part.length > TEXT_WIDTH && line.length > 0) {
        out.push(indent + line.join(' '));
        line = [];
        len = indent.length - 1;
      }
      line.push(part);
      len += part.length + 1;
    }
    if (line.length > 0) out.push(indent + line.join(' '));
    if (first && out[0] !== undefined) out[0] = out[0].slice(indent.length);
    return out;
  };
  return prefix + [...lines([prog, ...optionals], true), ...lines(positionals, false)].join('\n');
}

const OPT = {
  help: ['[-h]', '  -h, --help            show this help message and exit'],
  vaultId: ['[--vault-id VAULT_IDS]', '  --vault-id VAULT_IDS  the vault identity to use'],
  vaultPass: [
    '[--ask-vault-password | --vault-password-file VAULT_PASSWORD_FILES]',
    '  --ask-vault-password, --ask-vault-pass\n                        ask for vault password\n' +
      '  --vault-password-file VAULT_PASSWORD_FILES, --vault-pass-file VAULT_PASSWORD_FILES\n                        vault password file',
  ],
  verbose: [
    '[-v]',
    '  -v, --verbose         Causes Ansible to print more debug messages. Adding\n' +
      '                        multiple -v will increase the verbosity, the builtin\n' +
      '                        plugins currently evaluate up to -vvvvvv. A reasonable\n' +
      '                        level to start is -vvv, connection debugging might\n' +
      '                        require -vvvv.',
  ],
  output: ['[--output OUTPUT_FILE]', '  --output OUTPUT_FILE  output file name for encrypt or decrypt; use - for\n                        stdout'],
  encryptVaultId: [
    '[--encrypt-vault-id ENCRYPT_VAULT_ID]',
    '  --encrypt-vault-id ENCRYPT_VAULT_ID\n                        the vault id used to encrypt (required if more than\n                        one vault-id is provided)',
  ],
  prompt: ['[-p]', '  -p, --prompt          Prompt for the string to encrypt'],
  showInput: ['[--show-input]', '  --show-input          Do not hide input when prompted for the string to\n                        encrypt'],
  name: ['[-n ENCRYPT_STRING_NAMES]', '  -n ENCRYPT_STRING_NAMES, --name ENCRYPT_STRING_NAMES\n                        Specify the variable name'],
  stdinName: [
    '[--stdin-name ENCRYPT_STRING_STDIN_NAME]',
    '  --stdin-name ENCRYPT_STRING_STDIN_NAME\n                        Specify the variable name for stdin',
  ],
  newPass: [
    '[--new-vault-password-file NEW_VAULT_PASSWORD_FILE | --new-vault-id NEW_VAULT_ID]',
    '  --new-vault-password-file NEW_VAULT_PASSWORD_FILE\n                        new vault password file for rekey\n' +
      '  --new-vault-id NEW_VAULT_ID\n                        the new vault identity to use for rekey',
  ],
} as const satisfies Record<string, readonly [string, string]>;

type Opt = keyof typeof OPT;
const COMMON: Opt[] = ['vaultId', 'vaultPass', 'verbose'];

/** The order argparse lists each sub-command's options in (parents first). */
const ACTION_OPTIONS: Record<VaultAction, Opt[]> = {
  create: ['help', 'encryptVaultId', ...COMMON],
  decrypt: ['help', 'output', ...COMMON],
  edit: ['help', 'encryptVaultId', ...COMMON],
  view: ['help', ...COMMON],
  encrypt: ['help', ...COMMON, 'output', 'encryptVaultId'],
  encrypt_string: ['help', ...COMMON, 'output', 'encryptVaultId', 'prompt', 'showInput', 'name', 'stdinName'],
  rekey: ['help', ...COMMON, 'encryptVaultId', 'newPass'],
};

function positional(action: VaultAction): [string, string] {
  return action === 'encrypt_string' ? ['string_to_encrypt', 'String to encrypt'] : ['file_name', 'Filename'];
}

export function actionUsage(action: VaultAction): string {
  const [meta] = positional(action);
  return usage(`${PROG} ${action}`, ACTION_OPTIONS[action].map((o) => OPT[o][0]), [`[${meta} ...]`]);
}

export function actionHelp(action: VaultAction): string {
  const [meta, text] = positional(action);
  const options = ACTION_OPTIONS[action].map((o) => OPT[o][1]).join('\n');
  return `${actionUsage(action)}\n\npositional arguments:\n  ${meta.padEnd(20)}  ${text}\n\noptions:\n${options}\n`;
}

const CHOICES = `{${ACTIONS.join(',')}}`;

export function mainUsage(): string {
  return usage(PROG, ['[-h]', '[--version]', '[-v]'], [CHOICES, '...']);
}

export function mainHelp(): string {
  const descriptions: Record<VaultAction, string> = {
    create: 'Create new vault encrypted file',
    decrypt: 'Decrypt vault encrypted file',
    edit: 'Edit vault encrypted file',
    view: 'View vault encrypted file',
    encrypt: 'Encrypt YAML file',
    encrypt_string: 'Encrypt a string',
    rekey: 'Re-key a vault encrypted file',
  };
  return [
    mainUsage(),
    '',
    'encryption/decryption utility for Ansible data files',
    '',
    'positional arguments:',
    `  ${CHOICES}`,
    ...ACTIONS.map((a) => `    ${a.padEnd(18)}  ${descriptions[a]}`),
    '',
    'options:',
    "  --version             show program's version number, config file location,",
    '                        configured module search path, module location,',
    '                        executable location and exit',
    OPT.help[1],
    OPT.verbose[1],
    '',
    ...textWrap(`See '${PROG} <command> --help' for more information on a specific command.`, TEXT_WIDTH),
    '',
  ].join('\n');
}

/** argparse's error exit: usage and message on stderr, then (Ansible's addition) the full help. */
export function usageError(message: string, action?: VaultAction): string {
  const prog = action ? `${PROG} ${action}` : PROG;
  return `${action ? actionUsage(action) : mainUsage()}\n${prog}: error: ${message}\n \n${mainHelp()}`;
}
