import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DefaultCallback } from '../callback/default.js';
import { CallbackFanout, EventLogCallback } from '../callback/event-log.js';
import { ProgressView } from '../callback/progress.js';
import { RunStats } from '../callback/stats.js';
import { loadSettings, type CliFlags } from '../config/load-settings.js';
import { ConnectionPool } from '../connection/pool.js';
import { RunError } from '../errors/source-error.js';
import { runPlaybook } from '../executor/playbook-runner.js';
import { AsyncJobs } from '../executor/async-jobs.js';
import { StartAtTask } from '../executor/start-at-task.js';
import { SshConfig } from '../connection/ssh-config.js';
import type { InventoryView, TemplarView } from '../executor/ports.js';
import { loadPlaybook, playbookFromData } from '../playbook/load-playbook.js';
import { ModuleFinder } from '../modules/python/module-finder.js';
import { listPlaybook, type ListMode } from '../executor/listing.js';
import type { Playbook } from '../playbook/model.js';
import { VariableManager } from '../vars/variable-manager.js';
import { PlayVarsFiles } from '../vars/play-vars-files.js';
import { openInventory, newTemplar, OMIT_TOKEN } from './engine-deps.js';
import { RunVault } from '../vault/run-vault.js';
import { VaultSecrets } from '../vault/secrets.js';
import { warningText } from '../callback/warning-text.js';

export interface PlaybookCommandInput {
  readonly playbooks: readonly string[];
  readonly flags: CliFlags;
  readonly syntaxCheck: boolean;
  /** `kplay role ROLE`: run one role on the limited hosts, without a playbook file. */
  readonly roleName?: string;
  /** Several roles in one such play, in order (`kplay cluster repair --role kubeadm_join`). */
  readonly roleNames?: readonly string[];
  /** Where the role play's roles/, group_vars/ and host_vars/ are looked up (default: cwd). */
  readonly rolePlayDir?: string;
  readonly list: ListMode | readonly ListMode[] | undefined;
  /** The run's vault secrets (--vault-id, --vault-password-file, --ask-vault-pass, config). */
  readonly vault?: RunVault;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly out: NodeJS.WritableStream & import('node:stream').Writable;
  readonly err: NodeJS.WritableStream & import('node:stream').Writable;
}

export const ANSIBLE_VERSION = { full: '2.14.18', major: 2, minor: 14, revision: 18, string: '2.14.18' };

/** `kplay site.yml …`: everything is loaded and validated before any host is contacted. */
export async function runPlaybookCommand(input: PlaybookCommandInput): Promise<number> {
  const settings = loadSettings(input.flags, input.env, input.cwd);
  if (settings.verbosity > 0) input.out.write(settings.configFile ? `Using ${settings.configFile} as config file\n` : 'No config file found; using defaults\n');
  const vault = input.vault ?? new RunVault(new VaultSecrets());
  const templar: TemplarView = newTemplar(vault);
  const templateStatic = (v: unknown, extra: Record<string, unknown> = {}): unknown => templar.template(v, { ...extra, ...settings.extraVars });
  const books: Playbook[] = [];
  // One module search for the whole run, as Ansible's module_loader: every playbook's library/ first.
  const roleNames = input.roleNames ?? (input.roleName ? [input.roleName] : []);
  const rolePlayDir = resolve(input.cwd, input.rolePlayDir ?? '.');
  const playbookDirs = [...(roleNames.length && input.rolePlayDir ? [rolePlayDir] : []), ...input.playbooks.map((p) => dirname(resolve(input.cwd, p)))];
  const modules = new ModuleFinder(playbookDirs[0] ?? input.cwd, settings.configFile, input.env);
  for (const d of playbookDirs) modules.addPluginDirs(d);
  if (roleNames.length) {
    const play = { name: `Run role ${roleNames.join(', ')}`, hosts: 'all', gather_facts: true, roles: [...roleNames] };
    books.push(playbookFromData([play], join(rolePlayDir, `kplay-role-${roleNames.join('-')}.yml`), { rolesPath: settings.rolesPath, templateStatic, playbookDir: rolePlayDir, vault, modules }));
  }
  for (const p of input.playbooks) {
    const path = resolve(input.cwd, p);
    if (!existsSync(path)) throw new RunError(`the playbook: ${p} could not be found`);
    books.push(loadPlaybook(path, { rolesPath: settings.rolesPath, templateStatic, vault, modules }));
  }
  const opened = await openInventory(settings.inventory, input.cwd, input.env, vault);
  const warn = (w: string): void => void input.err.write(warningText(w));
  for (const w of opened.warnings) warn(w);
  if (settings.limit) opened.inventory.limit(settings.limit);
  for (const w of opened.inventory.takeWarnings()) warn(w);
  const inventory = opened.view(books.map((b) => dirname(b.file)), warn);
  if (input.syntaxCheck) {
    for (const p of input.playbooks) input.out.write(`\nplaybook: ${p}\n`);
    return 0;
  }
  const limitHosts = (hosts: string[]): string[] => hosts;
  const emptyInventory = opened.inventory.hostNames().length === 0;
  if (emptyInventory) warn("provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'");
  if (!emptyInventory && inventory.selectHosts('all').length === 0) {
    throw new RunError('Specified inventory, host pattern and/or --limit leaves us with no hosts to target.');
  }
  if (input.list) {
    books.forEach((book, i) => input.out.write(listPlaybook(book, input.playbooks[i] ?? book.file, input.list!, inventory, limitHosts, settings.tags, (p, vars) => String(templateStatic(p, vars)))));
    return 0;
  }
  let code = 0;
  const sshConfig = new SshConfig();
  for (const book of books) {
    const progress = (input.out as { isTTY?: boolean }).isTTY && !input.env['KPLAY_NO_PROGRESS'] ? new ProgressView(input.out) : undefined;
    const callback = new CallbackFanout([
      // The live view first: it clears itself before the recap is printed.
      ...(progress ? [progress] : []),
      new DefaultCallback({ out: progress ? progress.wrap() : input.out, err: input.err, verbosity: settings.verbosity, checkMode: settings.check && settings.checkModeMarkers === true }),
      new EventLogCallback(join(input.env['KPLAY_HOME'] ?? join(input.cwd, '.kplay'), 'runs')),
    ]);
    const ctx = {
      settings,
      inventory,
      templar,
      vars: new VariableManager(inventory, settings.extraVars, {
        playbookDir: dirname(book.file),
        checkMode: settings.check,
        diffMode: settings.diff,
        verbosity: settings.verbosity,
        ansibleVersion: ANSIBLE_VERSION,
        omit: OMIT_TOKEN,
      }, new PlayVarsFiles((v, vars) => templar.template(v, vars), vault)),
      callback,
      stats: new RunStats(),
      connections: new ConnectionPool(),
      omit: OMIT_TOKEN,
      asyncJobs: new AsyncJobs(),
      startAt: new StartAtTask(settings.startAtTask),
      sshConfig,
      loaderEnv: { playbookDir: dirname(book.file), rolesPath: settings.rolesPath, templateStatic, vault, modules },
    };
    code = await runPlaybook(book, ctx, limitHosts);
    const missed = ctx.startAt.missed();
    if (missed) input.err.write(` [ERROR]: No matching task "${missed}" found. Note: --start-at-task can only\nfollow static includes.\n`);
    if (code !== 0) break;
  }
  return code;
}

