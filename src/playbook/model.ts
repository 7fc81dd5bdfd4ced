import type { SourcePos } from '../errors/source-error.js';

/** A role as loaded for a play: where it lives and its variables. */
export interface RoleInfo {
  readonly name: string;
  readonly path: string;
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly vars: Readonly<Record<string, unknown>>;
  /** Parameters given where the role was named (`- role: x`, `foo: 1`). */
  readonly params: Readonly<Record<string, unknown>>;
  /**
   * Which role object this is (Ansible's ROLE_CACHE key: path, params, when, tags, from_files,
   * from_include): occurrences sharing it run once per host unless duplicates are allowed.
   */
  readonly instance?: string;
  readonly allowDuplicates?: boolean;
}

/** Keyword values as written (templated at run time, inherited from parents). */
export type Keywords = Readonly<Record<string, unknown>>;

export interface TaskNode {
  readonly kind: 'task';
  readonly name: string | undefined;
  /** The module as resolved (canonical short name, e.g. `command`). */
  readonly action: string;
  /** The action as the user wrote it (`ansible.builtin.command`): shown in banners. */
  readonly actionAsWritten: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly keywords: Keywords;
  readonly pos: SourcePos;
  parent: BlockNode | undefined;
  readonly isHandler: boolean;
  /** Made by kplay, not written (a role's closing `meta: role_complete`): never listed. */
  readonly implicit?: boolean;
}

export interface BlockNode {
  readonly kind: 'block';
  readonly name: string | undefined;
  block: readonly Node[];
  rescue: readonly Node[];
  always: readonly Node[];
  readonly keywords: Keywords;
  readonly pos: SourcePos;
  parent: BlockNode | undefined;
  /** A block kplay made to hold bare tasks: no keywords of its own. */
  readonly implicit: boolean;
  /** The play section this block belongs to (inheritance ends at the play). */
  play: PlayNode | undefined;
  /** Set on the block that holds a role's tasks (or an included role's). */
  role?: RoleInfo;
  /** Set on the block that holds an include's tasks: its vars are also include params. */
  readonly include?: boolean;
}

export type Node = TaskNode | BlockNode;

export interface PlayNode {
  /** Name for the banner: `name`, or the hosts pattern. */
  readonly displayName: string;
  readonly hosts: string;
  readonly keywords: Keywords;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly preTasks: readonly BlockNode[];
  /** The play's `roles:`, dependencies first, each as one block. */
  readonly roles: readonly BlockNode[];
  readonly tasks: readonly BlockNode[];
  readonly postTasks: readonly BlockNode[];
  readonly handlers: readonly BlockNode[];
  readonly pos: SourcePos;
}

export interface Playbook {
  readonly file: string;
  readonly plays: readonly PlayNode[];
}

/** The role a task belongs to: the innermost enclosing role block. */
export function roleOf(task: TaskNode): RoleInfo | undefined {
  for (let b = task.parent; b; b = b.parent) if (b.role) return b.role;
  return undefined;
}

/** Walks from a task up through its blocks to the play: innermost first. */
export function* ancestry(task: TaskNode): Generator<TaskNode | BlockNode> {
  yield task;
  for (let b = task.parent; b; b = b.parent) yield b;
}

/** A keyword as inherited: the innermost task/block that sets it, then the play. */
export function inherited(task: TaskNode, keyword: string): unknown {
  for (const n of ancestry(task)) {
    if (n.keywords[keyword] !== undefined) return n.keywords[keyword];
  }
  let top: BlockNode | undefined = task.parent;
  while (top?.parent) top = top.parent;
  return top?.play?.keywords[keyword];
}

/** Every `when` on the way from the play down to the task, outermost first (all must hold). */
export function collectedWhen(task: TaskNode): unknown[] {
  const out: unknown[] = [];
  for (const n of ancestry(task)) {
    const w = n.keywords['when'];
    if (w === undefined || w === null) continue;
    if (Array.isArray(w)) out.unshift(...w);
    else out.unshift(w);
  }
  return out;
}
