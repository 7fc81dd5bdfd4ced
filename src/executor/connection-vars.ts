import { homedir, userInfo } from 'node:os';
import type { ConnectionSpec } from '../connection/pool.js';
import { KnownHosts } from '../connection/known-hosts.js';
import { parseSshArgs } from '../connection/ssh-args.js';
import { parseProxyJump } from '../connection/ssh-config.js';
import { Secret } from '../secrets/secret.js';
import type { TaskNode } from '../playbook/model.js';
import { inherited } from '../playbook/model.js';
import type { Vars } from './ports.js';
import type { RunContext } from './run-context.js';

function hostKeyChecking(vars: Vars, ctx: RunContext): boolean {
  const v = vars['ansible_host_key_checking'] ?? vars['ansible_ssh_host_key_checking'];
  if (v === undefined || v === null) return ctx.settings.hostKeyChecking;
  return ['1', 'true', 'yes', 'on', 'y', 't'].includes(String(v).toLowerCase());
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  return String(v);
}

/** How to reach a host, from its (templated) variables, the task's keywords and the flags: Ansible's order. */
/** How to reach a host: its variables, the task's keywords, ssh args, ~/.ssh/config, then the flags (Ansible's order). */
export function connectionSpecFor(host: string, vars: Vars, task: TaskNode | undefined, ctx: RunContext): ConnectionSpec {
  const t = (v: unknown): unknown => ctx.templar.template(v, vars);
  const kind = str(t(vars['ansible_connection'])) ?? str(task ? t(inherited(task, 'connection')) : undefined) ?? ctx.settings.connection;
  if (kind !== 'ssh' && kind !== 'smart' && kind !== 'local' && kind !== 'paramiko') throw new Error(`the connection plugin '${kind}' was not found`);
  if (kind === 'local') return { kind: 'local' };
  const address = str(t(vars['ansible_host'] ?? vars['ansible_ssh_host'])) ?? host;
  const sshArgs = parseSshArgs(str(t(vars['ansible_ssh_common_args'])), str(t(vars['ansible_ssh_extra_args'])), ctx.settings.sshCommonArgs);
  const config = ctx.sshConfig.lookup(address);
  const user =
    str(t(vars['ansible_user'] ?? vars['ansible_ssh_user'])) ??
    str(task ? t(inherited(task, 'remote_user')) : undefined) ??
    ctx.settings.remoteUser ??
    sshArgs.user ??
    config.user ??
    userInfo().username;
  const portVar = str(t(vars['ansible_port'] ?? vars['ansible_ssh_port'])) ?? str(task ? t(inherited(task, 'port')) : undefined);
  const password = str(t(vars['ansible_password'] ?? vars['ansible_ssh_pass']));
  const key = str(t(vars['ansible_ssh_private_key_file'] ?? vars['ansible_private_key_file'])) ?? ctx.settings.privateKeyFile ?? sshArgs.identityFiles[0];
  const timeout = Number(str(t(vars['ansible_timeout'] ?? vars['ansible_ssh_timeout'])) ?? ctx.settings.timeoutSeconds);
  const checking = sshArgs.strictHostKeyChecking ?? (hostKeyChecking(vars, ctx) ? (config.strictHostKeyChecking ?? true) : false);
  const spec: ConnectionSpec = {
    kind: 'ssh',
    host: config.hostName ?? address,
    port: portVar ? Number(portVar) : (sshArgs.port ?? config.port ?? 22),
    user,
    connectTimeoutMs: timeout * 1000,
    hostKeyChecking: checking,
  };
  const knownFiles = sshArgs.userKnownHostsFiles ?? config.userKnownHostsFiles;
  if (knownFiles) spec.knownHosts = new KnownHosts(knownFiles);
  if (key) spec.privateKeyFile = key.startsWith('~/') ? `${homedir()}${key.slice(1)}` : key;
  else if (config.identityFiles.length) spec.identityFiles = config.identityFiles;
  const jump = sshArgs.proxyJump ?? config.proxyJump;
  if (jump) spec.jumps = parseProxyJump(jump);
  const passphrase = str(t(vars['ansible_ssh_private_key_passphrase'] ?? vars['ansible_private_key_passphrase']));
  if (passphrase) spec.keyPassphrase = new Secret(passphrase);
  const pw = password ? new Secret(password) : ctx.settings.connectionPassword;
  if (pw) spec.password = pw;
  return spec;
}
