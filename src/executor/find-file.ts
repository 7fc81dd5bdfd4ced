import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { TaskNode } from '../playbook/model.js';
import { roleOf } from '../playbook/model.js';

/**
 * Ansible's search for a file named by a task (copy src, template src, include_vars …):
 * the role's `<kind>/` and root, then the task file's directory (with `<kind>/`), then the playbook's.
 */
export function findTaskFile(task: TaskNode, playbookDir: string, kind: 'files' | 'templates' | 'vars' | 'tasks', name: string): string | undefined {
  if (isAbsolute(name)) return existsSync(name) ? name : undefined;
  const candidates: string[] = [];
  const role = roleOf(task);
  if (role) candidates.push(join(role.path, kind, name), join(role.path, name), join(role.path, 'tasks', name));
  const taskDir = dirname(task.pos.file);
  candidates.push(join(taskDir, kind, name), join(taskDir, name), join(playbookDir, kind, name), join(playbookDir, name));
  return candidates.map((c) => resolve(c)).find((c) => existsSync(c));
}
