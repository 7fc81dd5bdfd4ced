/* Keywords Ansible 2.14 accepts at each level (playbook keyword reference). */

const BASE = ['name', 'connection', 'port', 'remote_user', 'vars', 'module_defaults', 'environment', 'no_log', 'run_once', 'ignore_errors', 'ignore_unreachable', 'check_mode', 'diff', 'any_errors_fatal', 'throttle', 'timeout', 'debugger', 'become', 'become_exe', 'become_flags', 'become_method', 'become_user', 'collections', 'tags'];

export const PLAY_KEYWORDS: ReadonlySet<string> = new Set([
  ...BASE,
  'hosts', 'gather_facts', 'gather_subset', 'gather_timeout', 'fact_path', 'vars_files', 'vars_prompt', 'roles', 'handlers', 'pre_tasks', 'post_tasks', 'tasks', 'force_handlers', 'max_fail_percentage', 'serial', 'strategy', 'order',
]);

const CONDITIONAL = ['when', 'delegate_to', 'delegate_facts', 'notify'];

export const BLOCK_KEYWORDS: ReadonlySet<string> = new Set([...BASE, ...CONDITIONAL, 'block', 'rescue', 'always']);

export const TASK_KEYWORDS: ReadonlySet<string> = new Set([
  ...BASE, ...CONDITIONAL,
  'action', 'args', 'async', 'changed_when', 'delay', 'failed_when', 'local_action', 'loop', 'loop_control', 'poll', 'register', 'retries', 'until',
]);

export const HANDLER_KEYWORDS: ReadonlySet<string> = new Set([...TASK_KEYWORDS, 'listen']);

export function isTaskKeyword(key: string, handler: boolean): boolean {
  if (key.startsWith('with_')) return true;
  return (handler ? HANDLER_KEYWORDS : TASK_KEYWORDS).has(key);
}
