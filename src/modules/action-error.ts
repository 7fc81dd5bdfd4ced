/**
 * An action plugin's `raise AnsibleError(...)`: the task fails with the message alone. Ansible's
 * TaskExecutor returns `{failed, msg}` for it, without the `changed: false` a module result gets.
 */
export class ActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionError';
  }
}
