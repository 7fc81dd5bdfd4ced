import yargs from 'yargs';
import { OptionsError, RunError, SourceError } from '../errors/source-error.js';
import { parseExtraVars } from '../vars/extra-vars.js';
import { parseTagList } from '../executor/tags.js';
import { formatError } from './format-error.js';
import { promptSecret } from './prompt-secret.js';
import { setPassphrasePrompt } from '../connection/ssh-auth.js';
import { runPlaybookCommand } from './playbook-command.js';
import type { ListMode } from '../executor/listing.js';
import { openRunVault, runVaultFlags, vaultFlagsConflict } from './run-vault.js';
import { VaultFormatError } from '../vault/errors.js';
import { KPLAY_VERSION } from './version.js';

/** --list-hosts, --list-tasks and --list-tags, which ansible-playbook prints together. */
function listModes(args: { listHosts?: unknown; listTasks?: unknown; listTags?: unknown }): ListMode[] | undefined {
  const modes: ListMode[] = [];
  if (args.listHosts) modes.push('hosts');
  if (args.listTasks) modes.push('tasks');
  if (args.listTags) modes.push('tags');
  return modes.length ? modes : undefined;
}

/* ansible-playbook's exit codes for errors before or around the run. */
const EXIT_GENERIC = 1;
const EXIT_USAGE = 2;
const EXIT_PARSE = 4;
const EXIT_OPTIONS = 5;
const EXIT_INTERRUPTED = 99;
const EXIT_UNEXPECTED = 250;

function playbookParser(argv: string[]) {
  return yargs(argv)
    .scriptName('kplay')
    .usage('usage: kplay [options] playbook.yml [playbook2 ...]\n\nRuns Ansible playbooks, executing the defined tasks on the targeted hosts.')
    .option('inventory', { alias: ['i', 'inventory-file'], type: 'string', describe: 'inventory host path or comma separated host list' })
    .option('limit', { alias: 'l', type: 'string', describe: 'further limit selected hosts to an additional pattern' })
    .option('tags', { alias: 't', type: 'string', describe: 'only run plays and tasks tagged with these values' })
    .option('skip-tags', { type: 'string', describe: 'only run plays and tasks whose tags do not match these values' })
    .option('extra-vars', { alias: 'e', type: 'string', describe: 'set additional variables as key=value or YAML/JSON, if filename prepend with @' })
    .option('check', { alias: 'C', type: 'boolean', default: false, describe: "don't make any changes; predict what would change" })
    .option('diff', { alias: 'D', type: 'boolean', default: false, describe: 'show the differences in files and templates that change' })
    .option('forks', { alias: 'f', type: 'number', describe: 'number of parallel processes to use (default=5)' })
    .option('user', { alias: ['u', 'remote-user'], type: 'string', describe: 'connect as this user' })
    .option('private-key', { alias: 'key-file', type: 'string', describe: 'use this file to authenticate the connection' })
    .option('timeout', { alias: 'T', type: 'number', describe: 'override the connection timeout in seconds (default=10)' })
    .option('become', { alias: 'b', type: 'boolean', describe: 'run operations with become' })
    .option('become-user', { type: 'string', describe: 'run operations as this user (default=root)' })
    .option('become-method', { type: 'string', describe: 'privilege escalation method to use (default=sudo)' })
    .option('ask-become-pass', { alias: 'K', type: 'boolean', describe: 'ask for privilege escalation password' })
    .option('ask-pass', { alias: 'k', type: 'boolean', describe: 'ask for connection password' })
    .option('connection', { alias: 'c', type: 'string', describe: 'connection type to use (default=ssh)' })
    .option('start-at-task', { type: 'string', describe: 'start the playbook at the task matching this name' })
    .option('list-hosts', { type: 'boolean', describe: 'outputs a list of matching hosts; does not execute anything else' })
    .option('list-tasks', { type: 'boolean', describe: 'list all tasks that would be executed' })
    .option('list-tags', { type: 'boolean', describe: 'list all available tags' })
    .option('syntax-check', { type: 'boolean', default: false, describe: 'perform a syntax check on the playbook, but do not execute it' })
    .option('verbose', { alias: 'v', type: 'count', describe: 'Causes kplay to print more debug messages (-vvvv for more)' })
    .option('vault-password-file', { alias: 'vault-pass-file', type: 'string', describe: 'vault password file' })
    .option('vault-id', { type: 'string', describe: 'the vault identity to use' })
    .option('ask-vault-pass', { alias: 'ask-vault-password', type: 'boolean', describe: 'ask for vault password' })
    .option('flush-cache', { type: 'boolean', describe: 'clear the fact cache for every host in inventory' })
    .option('force-handlers', { type: 'boolean', describe: 'run handlers even if a task fails' })
    .option('step', { type: 'boolean', describe: 'one-step-at-a-time: confirm each task before running' })
    .option('ssh-common-args', { type: 'string' })
    .option('ssh-extra-args', { type: 'string' })
    .option('scp-extra-args', { type: 'string' })
    .option('sftp-extra-args', { type: 'string' })
    .option('module-path', { alias: 'M', type: 'string' })
    .version(`kplay ${KPLAY_VERSION}`)
    .alias('version', 'V')
    .help('help')
    .alias('help', 'h')
    .strictOptions()
    .parserConfiguration({ 'camel-case-expansion': true, 'duplicate-arguments-array': true, 'strip-aliased': true })
    .exitProcess(false);
}

/** A flag given once is a string, given again an array (argparse's `append`). */
function many(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** The CLI: parses flags, runs one entry point, prints errors once, returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'pool') {
    const { runPoolCli } = await import('./pool-command.js');
    return runPoolCli(argv.slice(1));
  }
  if (argv[0] === 'cluster') {
    const { runClusterCli } = await import('./cluster-command.js');
    return runClusterCli(argv.slice(1));
  }
  if (argv[0] === 'vault') {
    const { runVaultCli } = await import('./vault-command.js');
    return runVaultCli(argv.slice(1));
  }
  if (argv[0] === 'inventory') {
    const { runInventoryCli } = await import('./inventory-command.js');
    return runInventoryCli(argv.slice(1));
  }
  let usageError: string | undefined;
  let helpShown = false;
  const parser = playbookParser(argv).fail((msg, err) => {
    usageError = msg || err?.message || 'invalid arguments';
  });
  let args;
  try {
    args = await parser.parseAsync();
  } catch (e) {
    usageError ??= (e as Error).message;
  }
  if (args) usageError ??= vaultFlagsConflict(args);
  if (usageError) {
    process.stderr.write(`usage: kplay [options] playbook.yml [playbook2 ...]\nkplay: error: ${usageError}\n`);
    return EXIT_USAGE;
  }
  if (!args) return EXIT_USAGE;
  if (args['help'] || args['version']) helpShown = true;
  if (helpShown) return 0;
  let playbooks = (args._ as Array<string | number>).map(String);
  let roleName: string | undefined;
  if (playbooks[0] === 'role') {
    roleName = playbooks[1];
    if (!roleName || playbooks.length > 2) {
      process.stderr.write('usage: kplay role ROLE -i INVENTORY [-l HOSTS] [-t TAGS] [-e VARS] [-C] [-D]\nkplay: error: name exactly one role\n');
      return EXIT_USAGE;
    }
    playbooks = [];
  }
  if (playbooks.length === 0 && !roleName) {
    process.stderr.write('usage: kplay [options] playbook.yml [playbook2 ...]\nkplay: error: the following arguments are required: playbook\n');
    return EXIT_USAGE;
  }
  try {
    const cwd = process.cwd();
    const vault = await openRunVault(runVaultFlags(args), { cwd, env: process.env, err: process.stderr });
    if (process.stdin.isTTY) setPassphrasePrompt(promptSecret);
    const connectionPassword = args.askPass ? await promptSecret('SSH password: ') : undefined;
    const becomePassword = args.askBecomePass ? await promptSecret(connectionPassword ? 'BECOME password[defaults to SSH password]: ' : 'BECOME password: ') : undefined;
    return await runPlaybookCommand({
      playbooks,
      syntaxCheck: args.syntaxCheck === true,
      ...(roleName ? { roleName } : {}),
      list: listModes(args),
      cwd,
      env: process.env,
      vault,
      out: process.stdout,
      err: process.stderr,
      flags: {
        forks: args.forks,
        user: args.user,
        connection: args.connection,
        become: args.become,
        becomeUser: args.becomeUser,
        becomeMethod: args.becomeMethod,
        ...(connectionPassword ? { connectionPassword } : {}),
        ...(becomePassword ? { becomePassword: becomePassword.reveal() === '' && connectionPassword ? connectionPassword : becomePassword } : {}),
        privateKey: args.privateKey,
        timeout: args.timeout,
        verbosity: args.verbose ?? 0,
        check: args.check === true,
        diff: args.diff === true,
        limit: args.limit,
        ...(args.forceHandlers ? { forceHandlers: true } : {}),
        ...(args.sshCommonArgs ? { sshCommonArgs: args.sshCommonArgs } : {}),
        ...(args.startAtTask ? { startAtTask: args.startAtTask } : {}),
        tags: parseTagList(many(args.tags)),
        skipTags: parseTagList(many(args.skipTags)),
        inventory: many(args.inventory),
        extraVars: parseExtraVars(many(args.extraVars), cwd, vault),
      },
    });
  } catch (e) {
    if (e instanceof VaultFormatError && e.warning) process.stderr.write(`\n[WARNING]: \n${e.warning}\n`);
    process.stderr.write(formatError(e) + '\n');
    if (e instanceof SourceError) return EXIT_PARSE;
    if (e instanceof OptionsError) return EXIT_OPTIONS;
    if (e instanceof RunError) return EXIT_GENERIC;
    if ((e as NodeJS.ErrnoException)?.code === 'EINTR') return EXIT_INTERRUPTED;
    return EXIT_UNEXPECTED;
  }
}
