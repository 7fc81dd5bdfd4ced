import type { TaskInfo } from '../callback/events.js';
import type { TaskNode } from '../playbook/model.js';
import { inherited } from '../playbook/model.js';

let counter = 0;
const uuids = new WeakMap<TaskNode, string>();

export function taskUuid(task: TaskNode): string {
  let id = uuids.get(task);
  if (!id) {
    id = `task-${++counter}`;
    uuids.set(task, id);
  }
  return id;
}

/** Task.serialize() as Ansible exposes it in ansible_failed_task (the commonly used keys). */
export function serializeTask(task: TaskNode): Record<string, unknown> {
  return {
    name: task.name ?? '',
    action: task.actionAsWritten,
    args: task.args,
    uuid: taskUuid(task),
    tags: task.keywords['tags'] ?? [],
    when: task.keywords['when'] ?? [],
    register: task.keywords['register'] ?? null,
  };
}

/** The record callbacks get for a task; `name` is already templated for the banner. */
export function taskInfo(task: TaskNode, name: string, checkMode: boolean, hasLoop: boolean, diffByDefault = false): TaskInfo {
  const noLog = inherited(task, 'no_log');
  const diff = inherited(task, 'diff');
  const diffMode = diff === undefined ? diffByDefault : diff === true || diff === 'yes' || diff === 'true' || diff === 'True';
  return {
    uuid: taskUuid(task),
    name,
    action: task.actionAsWritten,
    isHandler: task.isHandler,
    noLog: noLog === true || noLog === 'yes' || noLog === 'true',
    checkMode,
    hasLoop,
    diffMode,
  };
}
