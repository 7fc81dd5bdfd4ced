/**
 * `kplay vault encrypt|decrypt|view|create|edit|rekey|encrypt_string`: ansible-vault's
 * commands, flags, output and exit codes (ansible/cli/vault.py). The one place that prints.
 */
import { spawnSync } from 'node:child_process';
import { OptionsError, RunError } from '../errors/source-error.js';
import { parseVaultArgs, type VaultArgs } from '../vault/cli/args.js';
import { mainHelp, PROG } from '../vault/cli/help.js';
import { StdinTerminal, type Terminal } from '../vault/cli/terminal.js';
import { warningText } from '../callback/warning-text.js';
import { readVaultConfig, type VaultConfig } from '../vault/config.js';
import { createFile, decryptFile, editFile, encryptFile, rekeyFile, viewFile, type EditorIo } from '../vault/editor.js';
import { encryptStrings, FROM_ARGS, FROM_PROMPT, FROM_STDIN, type StringToEncrypt } from '../vault/encrypt-string.js';
import { VaultFormatError, VaultOptionsError } from '../vault/errors.js';
import { realPath, writeData } from '../vault/file-io.js';
import { unfrackPath } from '../vault/paths.js';
import { secretBytes, type VaultSecretEntry, type VaultSecrets } from '../vault/secrets.js';
import { setupVaultSecrets, type VaultSecretsRequest } from '../vault/setup-secrets.js';
import { KPLAY_VERSION } from './version.js';

export interface VaultCliIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

const EXIT_ERROR = 1;
const EXIT_USAGE = 2;
const EXIT_OPTIONS = 5;
const EXIT_UNEXPECTED = 250;

/** Python's EOFError from input()/getpass(): ansible-vault reports it as an unexpected exception. */
class EndOfInput extends Error {}

interface Run {
  readonly a: VaultArgs;
  readonly io: VaultCliIo;
  readonly term: Terminal;
  readonly config: VaultConfig;
  readonly editor: EditorIo;
  warn(message: string): void;
}

/** Display.warning: `[WARNING]: …` folded at 79 columns, each distinct warning once. */
function warner(io: VaultCliIo): (message: string) => void {
  const shown = new Set<string>();
  return (message) => {
    const text = warningText(message);
    if (shown.has(text)) return;
    shown.add(text);
    io.stderr.write(text);
  };
}

/** post_process_args. */
function checkOptions(a: VaultArgs): void {
  for (const id of a.vaultIds) {
    if (id.includes(';')) throw new VaultOptionsError(`'${id}' is not a valid vault id. The character ';' is not allowed in vault ids`);
  }
  if (a.outputFile && a.args.length > 1) throw new VaultOptionsError('At most one input file may be used with the --output option');
  if (a.action === 'encrypt_string' && a.prompt && readsStdin(a)) {
    throw new VaultOptionsError('The --prompt option is not supported if also reading input from stdin');
  }
}

function readsStdin(a: VaultArgs): boolean {
  return a.args.includes('-') || a.args.length === 0 || a.stdinName !== undefined;
}

function secretsFor(run: Run, req: Omit<VaultSecretsRequest, 'askVaultPass'>): Promise<VaultSecrets> {
  return setupVaultSecrets(
    { ...req, askVaultPass: run.a.askVaultPass || run.config.askVaultPass },
    { config: run.config, cwd: run.io.cwd, env: run.io.env, prompt: (m) => run.term.secret(m), warn: run.warn },
  );
}

const REQUIRED = "A vault password is required to use Ansible's Vault";

async function decryptSecrets(run: Run): Promise<VaultSecrets> {
  const secrets = await secretsFor(run, { vaultIds: [...run.config.identityList, ...run.a.vaultIds], passwordFiles: run.a.vaultPasswordFiles });
  if (secrets.size === 0) throw new VaultOptionsError(REQUIRED);
  return secrets;
}

async function encryptSecret(run: Run): Promise<VaultSecretEntry> {
  const encryptId = run.a.encryptVaultId || run.config.encryptVaultId;
  const secrets = await secretsFor(run, {
    vaultIds: [...run.config.identityList, ...run.a.vaultIds],
    passwordFiles: run.a.vaultPasswordFiles,
    createNewPassword: true,
  });
  if (secrets.size > 1 && !encryptId) {
    throw new VaultOptionsError(`The vault-ids ${secrets.ids().join(',')} are available to encrypt. Specify the vault-id to encrypt with --encrypt-vault-id`);
  }
  const entry = secrets.encryptSecret(encryptId);
  if (!entry) throw new VaultOptionsError(REQUIRED);
  return entry;
}

async function rekeySecret(run: Run): Promise<VaultSecretEntry> {
  const encryptId = run.a.encryptVaultId || run.config.encryptVaultId;
  const newIds = encryptId ? [...run.config.identityList] : [];
  if (run.a.newVaultId) newIds.push(run.a.newVaultId);
  const file = run.a.newVaultPasswordFile;
  const secrets = await secretsFor(run, {
    vaultIds: newIds,
    passwordFiles: file ? [realPath(unfrackPath(file, run.io.cwd, run.io.env))] : [],
    createNewPassword: true,
  });
  const entry = secrets.encryptSecret(encryptId);
  if (!entry) throw new VaultOptionsError("A new vault password is required to use Ansible's Vault rekey");
  return entry;
}

function outputFile(run: Run): string | undefined {
  const o = run.a.outputFile;
  return o === undefined || o === '-' ? o : realPath(unfrackPath(o, run.io.cwd, run.io.env));
}

/** CLI.pager: straight to stdout unless it is a terminal, then $PAGER or less. */
function pager(run: Run, text: Buffer): void {
  const { stdout, env } = run.io;
  const pagerCmd = env['PAGER'] ?? (spawnSync('less', ['--version'], { stdio: 'ignore' }).status === 0 ? 'less' : undefined);
  if (!stdout.isTTY || !pagerCmd) {
    stdout.write(text.at(-1) === 0x0a ? text : Buffer.concat([text, Buffer.from('\n')]));
    return;
  }
  spawnSync(pagerCmd, { shell: true, input: text, stdio: ['pipe', 'inherit', 'inherit'], env: { ...env, LESS: env['LESS'] ?? 'FRSX' } });
}

async function promptedString(run: Run): Promise<StringToEncrypt> {
  const nameAnswer = await run.term.line('Variable name (enter for no name): ');
  if (nameAnswer === undefined) throw new EndOfInput('EOF when reading a line');
  let text: Buffer | undefined;
  if (run.a.showInput) {
    const line = await run.term.line('String to encrypt:');
    text = line === undefined ? undefined : Buffer.from(line, 'utf8');
  } else {
    const secret = await run.term.secret('String to encrypt (hidden): ');
    text = secret && secretBytes(secret);
  }
  if (text === undefined) throw new EndOfInput('EOF when reading a line');
  if (text.length === 0) throw new VaultOptionsError('The plaintext provided from the prompt was empty, not encrypting');
  return { plaintext: text, from: FROM_PROMPT, name: nameAnswer || undefined };
}

async function encryptString(run: Run, entry: VaultSecretEntry): Promise<void> {
  const { a, io } = run;
  const items: StringToEncrypt[] = [];
  if (a.prompt) items.push(await promptedString(run));
  if (readsStdin(a)) {
    if (io.stdout.isTTY) io.stderr.write('Reading plaintext input from stdin. (ctrl-d to end input, twice if your content does not already have a newline)\n');
    const data = await run.term.readAll();
    if (data.length === 0) throw new VaultOptionsError('stdin was empty, not encrypting');
    if (io.stdout.isTTY && data.at(-1) !== 0x0a) io.stdout.write('\n');
    items.push({ plaintext: data, from: FROM_STDIN, name: a.stdinName });
  }
  const args = a.args.filter((x) => x !== '-');
  const lastName = a.names.at(-1);
  if (lastName !== undefined && args.length > a.names.length) {
    io.stderr.write('The number of --name options do not match the number of args.\n');
    io.stderr.write(`The last named variable will be "${lastName}". The rest will not have names.\n`);
  }
  args.forEach((text, i) => {
    if (text === '') throw new VaultOptionsError('The plaintext provided from the command line args was empty, not encrypting');
    items.push({ plaintext: Buffer.from(text, 'utf8'), from: FROM_ARGS, name: a.names[i] });
  });
  const outputs = encryptStrings(items, entry.secret, entry.vaultId);
  for (const o of outputs) if (o.err) io.stderr.write(o.err);
  writeData(Buffer.from(outputs.map((o) => o.out).join('\n'), 'utf8'), outputFile(run) ?? '-', run.editor);
  if (io.stdout.isTTY) io.stderr.write('Encryption successful\n');
}

async function runAction(run: Run): Promise<void> {
  const { a, io, editor } = run;
  switch (a.action) {
    case 'encrypt': {
      const entry = await encryptSecret(run);
      if (a.args.length === 0 && run.term.stdinIsTTY) io.stderr.write('Reading plaintext input from stdin\n');
      for (const f of a.args.length > 0 ? a.args : ['-']) await encryptFile(f, entry.secret, entry.vaultId, editor, outputFile(run));
      if (io.stdout.isTTY) io.stderr.write('Encryption successful\n');
      return;
    }
    case 'encrypt_string':
      return encryptString(run, await encryptSecret(run));
    case 'create': {
      const entry = await encryptSecret(run);
      const [file, ...more] = a.args;
      if (file === undefined || more.length > 0) throw new VaultOptionsError(`${PROG} create can take only one filename argument`);
      return createFile(file, entry.secret, entry.vaultId, editor);
    }
    case 'decrypt': {
      const secrets = await decryptSecrets(run);
      if (a.args.length === 0 && run.term.stdinIsTTY) io.stderr.write('Reading ciphertext input from stdin\n');
      for (const f of a.args.length > 0 ? a.args : ['-']) await decryptFile(f, secrets, editor, outputFile(run));
      if (io.stdout.isTTY) io.stderr.write('Decryption successful\n');
      return;
    }
    case 'view': {
      const secrets = await decryptSecrets(run);
      for (const f of a.args) pager(run, await viewFile(f, secrets, editor));
      return;
    }
    case 'edit': {
      const secrets = await decryptSecrets(run);
      for (const f of a.args) await editFile(f, secrets, editor);
      return;
    }
    case 'rekey': {
      const secrets = await decryptSecrets(run);
      const entry = await rekeySecret(run);
      for (const f of a.args) await rekeyFile(f, secrets, entry.secret, entry.vaultId, editor);
      io.stderr.write('Rekey successful\n');
      return;
    }
  }
}

/** cli_executor's error handling: exit codes 5 (options), 1 (Ansible errors), 250 (anything else). */
function report(e: unknown, io: VaultCliIo): number {
  if (e instanceof OptionsError) {
    io.stdout.write(mainHelp());
    io.stderr.write(`ERROR! ${e.message}\n`);
    return EXIT_OPTIONS;
  }
  if (e instanceof VaultFormatError && e.warning) io.stderr.write(`\n[WARNING]: \n${e.warning}\n`);
  if (e instanceof RunError) {
    io.stderr.write(`ERROR! ${e.message}\n`);
    return EXIT_ERROR;
  }
  io.stderr.write(`ERROR! Unexpected Exception, this is probably a bug: ${e instanceof Error ? e.message : String(e)}\n`);
  io.stdout.write('to see the full traceback, use -vvv\n');
  return EXIT_UNEXPECTED;
}

function processIo(): VaultCliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

export async function runVaultCli(argv: string[], io: VaultCliIo = processIo()): Promise<number> {
  const parsed = parseVaultArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(parsed.text);
    return 0;
  }
  if (parsed.kind === 'version') {
    io.stdout.write(`${PROG} [kplay ${KPLAY_VERSION}]\n`);
    return 0;
  }
  if (parsed.kind === 'usage') {
    io.stderr.write(parsed.text);
    return EXIT_USAGE;
  }
  const term = new StdinTerminal(io.stdin, io.stdout, io.stderr);
  const warn = warner(io);
  const editor: EditorIo = {
    env: io.env,
    warn,
    readStdin: () => term.readAll(),
    writeStdout: (data) => io.stdout.write(data),
  };
  try {
    checkOptions(parsed.args);
    const config = readVaultConfig(io.env, io.cwd);
    await runAction({ a: parsed.args, io, term, config, editor, warn });
    return 0;
  } catch (e) {
    return report(e, io);
  }
}
