import type { TaskNode } from '../playbook/model.js';

const UNTAGGED = new Set(['untagged']);

function flatten(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(flatten);
  return String(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A task's tags: its own, its blocks' and its play's (tags are inherited downwards). */
export function effectiveTags(task: TaskNode): Set<string> {
  const tags = new Set<string>(flatten(task.keywords['tags']));
  let top = task.parent;
  for (let b = task.parent; b; b = b.parent) {
    for (const t of flatten(b.keywords['tags'])) tags.add(t);
    top = b;
  }
  for (const t of flatten(top?.play?.keywords['tags'])) tags.add(t);
  return tags;
}

export interface TagSelection {
  readonly only: readonly string[];
  readonly skip: readonly string[];
}

/** Ansible's Taggable.evaluate_tags: --tags/--skip-tags with always, never, tagged, untagged, all. */
export function shouldRun(taskTags: ReadonlySet<string>, sel: TagSelection): boolean {
  const tags = taskTags.size > 0 ? taskTags : UNTAGGED;
  const has = (t: string): boolean => tags.has(t);
  const tagged = taskTags.size > 0;
  const intersects = (list: readonly string[]): boolean => list.some(has);
  let run = true;
  if (sel.only.length > 0) {
    run = false;
    if (has('always')) run = true;
    else if (sel.only.includes('all') && !has('never')) run = true;
    else if (intersects(sel.only)) run = true;
    else if (sel.only.includes('tagged') && tagged && !has('never')) run = true;
  }
  if (run && sel.skip.length > 0) {
    if (sel.skip.includes('all')) {
      if (!has('always') || sel.skip.includes('always')) run = false;
    } else if (intersects(sel.skip)) run = false;
    else if (sel.skip.includes('tagged') && tagged) run = false;
  }
  return run;
}

export function parseTagList(values: readonly string[]): string[] {
  return values.flatMap(flatten);
}
