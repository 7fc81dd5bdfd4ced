import { dirname } from 'node:path';
import { roleOf, type TaskNode } from './model.js';

/**
 * A task's `ansible_search_path` (Task.get_search_path): its role's directory, then the
 * directory of the file the task is written in. Lookups and `{% include %}` search these
 * (each with its `files/`, `templates/` … subdirectory).
 */
export function taskSearchPath(task: TaskNode): string[] {
  const out: string[] = [];
  const role = roleOf(task);
  if (role) out.push(role.path);
  const dir = dirname(task.pos.file);
  if (!out.includes(dir)) out.push(dir);
  return out;
}
