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

/** The record callbacks get for a task; `name` is already templated for the banner. */
export function taskInfo(task: TaskNode, name: string, checkMode: boolean, hasLoop: boolean): TaskInfo {
  const noLog = inherited(task, 'no_log');
  return {
    uuid: taskUuid(task),
    name,
    action: task.actionAsWritten,
    isHandler: task.isHandler,
    noLog: noLog === true || noLog === 'yes' || noLog === 'true',
    checkMode,
    hasLoop,
  };
}
