import type { BlockNode, Node, PlayNode, Playbook, TaskNode } from '../playbook/model.js';
import { roleOf } from '../playbook/model.js';
import type { InventoryView } from './ports.js';
import { effectiveTags, shouldRun, type TagSelection } from './tags.js';

export type ListMode = 'hosts' | 'tasks' | 'tags';

/* Only `block:` sections are walked, as ansible-playbook's listing does (rescue/always are not listed). */
function tasksOf(nodes: readonly Node[]): TaskNode[] {
  return nodes.flatMap((n) => (n.kind === 'task' ? (n.implicit ? [] : [n]) : tasksOf(n.block)));
}

/** The play compiled in run order: pre_tasks, roles (dependencies first), tasks, post_tasks. */
function playTasks(play: PlayNode): TaskNode[] {
  const sections: readonly BlockNode[][] = [[...play.preTasks], [...play.roles], [...play.tasks], [...play.postTasks]];
  return sections.flatMap((s) => tasksOf(s));
}

function taskLabel(t: TaskNode): string {
  if (t.name === undefined) return t.actionAsWritten;
  // IncludeRole.get_name: its own name, no role prefix.
  if (t.action === 'include_role') return t.name;
  const role = roleOf(t);
  return role ? `${role.name} : ${t.name}` : t.name;
}

function fmtTags(tags: Iterable<string>): string {
  return `[${[...tags].sort().join(', ')}]`;
}

function playTags(play: PlayNode): string[] {
  const t = play.keywords['tags'];
  if (t === undefined || t === null) return [];
  return (Array.isArray(t) ? t : String(t).split(',')).map((x) => String(x).trim()).filter(Boolean);
}

/** What `--list-hosts`, `--list-tasks` and `--list-tags` print (any of them together), as ansible-playbook prints it. */
export function listPlaybook(book: Playbook, displayPath: string, modes: ListMode | readonly ListMode[], inventory: InventoryView, limitHosts: (h: string[]) => string[], sel: TagSelection, templateHosts: (pattern: string, playVars: Record<string, unknown>) => string = (p) => p): string {
  const want = new Set<ListMode>(typeof modes === 'string' ? [modes] : modes);
  const out: string[] = ['', `playbook: ${displayPath}`];
  book.plays.forEach((play, i) => {
    const mine = playTags(play);
    const pattern = templateHosts(play.hosts, play.vars);
    out.push('', `  play #${i + 1} (${pattern}): ${play.displayName === play.hosts ? pattern : play.displayName}\tTAGS: ${fmtTags(mine)}`);
    if (want.has('hosts')) {
      const hosts = limitHosts(inventory.selectHosts(pattern));
      out.push(`    pattern: [${pattern.split(',').map((p) => `'${p}'`).join(', ')}]`, `    hosts (${hosts.length}):`);
      for (const h of hosts) out.push(`      ${h}`);
    }
    if (!want.has('tasks') && !want.has('tags')) return;
    const tasks = playTasks(play).filter((t) => shouldRun(effectiveTags(t), sel));
    if (want.has('tasks')) {
      out.push('    tasks:');
      for (const t of tasks) out.push(`      ${taskLabel(t)}\tTAGS: ${fmtTags(new Set([...mine, ...effectiveTags(t)]))}`);
    }
    if (want.has('tags')) {
      const all = new Set<string>(mine);
      for (const t of tasks) for (const tag of effectiveTags(t)) all.add(tag);
      out.push(`      TASK TAGS: ${fmtTags(all)}`);
    }
  });
  return out.join('\n') + '\n';
}
