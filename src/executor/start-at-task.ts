import type { TaskNode } from '../playbook/model.js';
import { roleOf } from '../playbook/model.js';

function fnmatch(pattern: string, name: string): boolean {
  const re = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.').replace(/\[!/g, '[^');
  return new RegExp(`^${re}$`).test(name);
}

/** `--start-at-task`: nothing runs until a task named so (or matching the pattern); then everything does. */
export class StartAtTask {
  private found: boolean;

  constructor(private readonly pattern: string | undefined) {
    this.found = pattern === undefined;
  }

  /** The pattern, when no task matched it in the whole run. */
  missed(): string | undefined {
    return this.found ? undefined : this.pattern;
  }

  reached(task: TaskNode): boolean {
    if (this.found || task.action === 'setup') return true;
    const name = task.name ?? '';
    const role = roleOf(task);
    const full = role ? `${role.name} : ${name}` : name;
    if (name === this.pattern || full === this.pattern || fnmatch(this.pattern!, name) || fnmatch(this.pattern!, full)) this.found = true;
    return this.found;
  }
}
