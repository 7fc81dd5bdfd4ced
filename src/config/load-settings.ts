import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { OptionsError } from '../errors/source-error.js';
import type { Secret } from '../secrets/secret.js';
import { findConfigFile, readConfig } from './ansible-cfg.js';
import type { Settings } from './settings.js';

export interface CliFlags {
  forks?: number;
  user?: string;
  connection?: string;
  privateKey?: string;
  timeout?: number;
  verbosity: number;
  check: boolean;
  diff: boolean;
  limit?: string;
  forceHandlers?: boolean;
  sshCommonArgs?: string;
  startAtTask?: string;
  tags?: string[];
  skipTags?: string[];
  inventory: string[];
  extraVars: Record<string, unknown>;
  connectionPassword?: Secret;
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: string;
  becomePassword?: Secret;
}

const TRUE = new Set(['1', 'true', 'yes', 'on', 'y', 't']);

function bool(v: string | undefined, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  return TRUE.has(v.trim().toLowerCase());
}

function int(v: string | undefined, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new OptionsError(`Invalid type for configuration option ${name}: ${v} is not an integer`);
  return n;
}

/** Merges ansible.cfg, ANSIBLE_* variables and flags (flags win, then env, then the file). */
export function loadSettings(flags: CliFlags, env: NodeJS.ProcessEnv, cwd: string): Settings {
  const configFile = findConfigFile(env, cwd);
  const cfg = readConfig(configFile);
  const d = cfg.get('defaults') ?? new Map<string, string>();
  const pick = (envName: string, key: string): string | undefined => env[envName] ?? d.get(key);
  const gathering = (pick('ANSIBLE_GATHERING', 'gathering') ?? 'implicit') as Settings['gathering'];
  const inventory = flags.inventory.length > 0 ? flags.inventory : (pick('ANSIBLE_INVENTORY', 'inventory') ?? '/etc/ansible/hosts').split(',').map((s) => s.trim()).filter(Boolean);
  const settings: Settings = {
    forks: flags.forks ?? int(pick('ANSIBLE_FORKS', 'forks'), 'DEFAULT_FORKS') ?? 5,
    remoteUser: flags.user ?? pick('ANSIBLE_REMOTE_USER', 'remote_user'),
    connection: flags.connection ?? pick('ANSIBLE_TRANSPORT', 'transport') ?? 'ssh',
    privateKeyFile: flags.privateKey ?? pick('ANSIBLE_PRIVATE_KEY_FILE', 'private_key_file'),
    connectionPassword: flags.connectionPassword,
    become: flags.become ?? bool(pick('ANSIBLE_BECOME', 'become'), false),
    becomeUser: flags.becomeUser ?? pick('ANSIBLE_BECOME_USER', 'become_user') ?? 'root',
    becomeMethod: flags.becomeMethod ?? pick('ANSIBLE_BECOME_METHOD', 'become_method') ?? 'sudo',
    becomePassword: flags.becomePassword,
    timeoutSeconds: flags.timeout ?? int(pick('ANSIBLE_TIMEOUT', 'timeout'), 'DEFAULT_TIMEOUT') ?? 10,
    hostKeyChecking: bool(pick('ANSIBLE_HOST_KEY_CHECKING', 'host_key_checking'), true),
    gathering: gathering === 'explicit' || gathering === 'smart' ? gathering : 'implicit',
    verbosity: flags.verbosity,
    check: flags.check,
    diff: flags.diff,
    checkModeMarkers: bool(pick('ANSIBLE_CHECK_MODE_MARKERS', 'check_mode_markers'), false),
    limit: flags.limit,
    tags: {
      only: flags.tags?.length ? flags.tags : (pick('ANSIBLE_RUN_TAGS', 'run_tags') ?? 'all').split(',').map((s) => s.trim()).filter(Boolean),
      skip: flags.skipTags?.length ? flags.skipTags : (pick('ANSIBLE_SKIP_TAGS', 'skip_tags') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    },
    inventory,
    extraVars: flags.extraVars,
    configFile,
    forceHandlers: flags.forceHandlers ?? bool(pick('ANSIBLE_FORCE_HANDLERS', 'force_handlers'), false),
    startAtTask: flags.startAtTask,
    sshCommonArgs: flags.sshCommonArgs ?? env['ANSIBLE_SSH_COMMON_ARGS'] ?? cfg.get('ssh_connection')?.get('ssh_common_args'),
    rolesPath: (pick('ANSIBLE_ROLES_PATH', 'roles_path') ?? `${homedir()}/.ansible/roles:/usr/share/ansible/roles:/etc/ansible/roles`)
      .split(':')
      .filter(Boolean)
      .map((p) => resolve(configFile && !env['ANSIBLE_ROLES_PATH'] ? dirname(configFile) : cwd, p.replace(/^~(?=\/|$)/, homedir()))),
  };
  if (settings.forks < 1) throw new OptionsError('The number of processes (--forks) must be >= 1');
  return settings;
}
