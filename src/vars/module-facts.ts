/*
 * How facts a module returned become variables (ansible/vars/clean.py): `ansible_facts` holds
 * them with the `ansible_` prefix taken off (namespace_facts; `ansible_local` keeps its name),
 * and the top level gets them as returned (INJECT_FACTS_AS_VARS, clean_facts) minus the keys
 * that could override connection settings or internals.
 */
import type { Vars } from '../executor/ports.js';

/** C.MAGIC_VARIABLE_MAPPING's names, C.COMMON_CONNECTION_VARS, RESTRICTED/INTERNAL_RESULT_KEYS. */
const RESTRICTED = new Set(
  (
    'ansible_connection ansible_module_compression ansible_shell_type ansible_shell_executable ansible_ssh_host ansible_host ' +
    'ansible_ssh_user ansible_user ansible_ssh_pass ansible_password ansible_ssh_port ansible_port ansible_ssh_pipelining ' +
    'ansible_pipelining ansible_ssh_timeout ansible_timeout ansible_ssh_private_key_file ansible_private_key_file ' +
    'ansible_network_os ansible_connection_user ansible_ssh_executable ansible_ssh_common_args ansible_sftp_extra_args ' +
    'ansible_scp_extra_args ansible_ssh_extra_args ansible_ssh_transfer_method ansible_docker_extra_args ansible_become ' +
    'ansible_become_method ansible_become_user ansible_become_password ansible_become_pass ansible_become_exe ' +
    'ansible_become_flags ansible_rsync_path ansible_playbook_python ansible_facts add_host add_group'
  ).split(' '),
);

/** ansible-core's own connection plugins (connection_loader.all): their `ansible_<name>_` variables. */
const CONNECTION_VAR = /^ansible_(local|paramiko_ssh|psrp|ssh|winrm)_/;
const INTERPRETER = /^ansible_.*_interpreter$/;

/** namespace_facts: what `ansible_facts` shows. */
export function namespaceFacts(facts: Vars): Vars {
  const out: Vars = {};
  for (const [k, v] of Object.entries(facts)) out[k.startsWith('ansible_') && k !== 'ansible_local' ? k.slice(8) : k] = v;
  return out;
}

/** clean_facts: the facts injected as top-level variables, and the keys removed (Ansible warns about each). */
export function cleanFacts(facts: Vars): { vars: Vars; removed: string[] } {
  const vars: Vars = {};
  const removed: string[] = [];
  for (const [k, v] of Object.entries(facts)) {
    if (k.startsWith('_ansible_')) continue;
    const restricted = RESTRICTED.has(k) || CONNECTION_VAR.test(k) || INTERPRETER.test(k);
    if (restricted && !k.startsWith('ansible_ssh_host_key_')) removed.push(k);
    else vars[k] = v;
  }
  return { vars, removed };
}
