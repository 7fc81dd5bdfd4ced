import type { BlockNode, Node, PlayNode, Playbook, TaskNode } from '../playbook/model.js';
import type { InventoryView } from './ports.js';
import { effectiveTags, shouldRun, type TagSelection } from './tags.js';

export type ListMode = 'hosts' | 'tasks' | 'tags';

function tasksOf(nodes: readonly Node[]): TaskNode[] {
  return nodes.flatMap((n) => (n.kind === 'task' ? [n] : [...tasksOf(n.block), ...tasksOf(n.rescue), ...tasksOf(n.always)]));
}

function playTasks(play: PlayNode): TaskNode[] {
  const sections: readonly BlockNode[][] = [[...play.preTasks], [...play.tasks], [...play.postTasks]];
  return sections.flatMap((s) => tasksOf(s));
}

function fmtTags(tags: Iterable<string>): string {
  return `[${[...tags].sort().join(', ')}]`;
}

function playTags(play: PlayNode): string[] {
  const t = play.keywords['tags'];
  if (t === undefined || t === null) return [];
  return (Array.isArray(t) ? t : String(t).split(',')).map((x) => String(x).trim()).filter(Boolean);
}

/** What `--list-hosts`, `--list-tasks` and `--list-tags` print, as ansible-playbook prints it. */
export function listPlaybook(book: Playbook, displayPath: string, mode: ListMode, inventory: InventoryView, limitHosts: (h: string[]) => string[], sel: TagSelection): string {
  const out: string[] = ['', `playbook: ${displayPath}`];
  book.plays.forEach((play, i) => {
    out.push('', `  play #${i + 1} (${play.hosts}): ${play.displayName}\tTAGS: ${fmtTags(playTags(play))}`);
    if (mode === 'hosts') {
      const hosts = limitHosts(inventory.selectHosts(play.hosts));
      out.push(`    pattern: [${play.hosts.split(',').map((p) => `'${p}'`).join(', ')}]`, `    hosts (${hosts.length}):`);
      for (const h of hosts) out.push(`      ${h}`);
      return;
    }
    const tasks = playTasks(play).filter((t) => shouldRun(effectiveTags(t), sel));
    if (mode === 'tasks') {
      out.push('    tasks:');
      for (const t of tasks) out.push(`      ${t.name ?? t.actionAsWritten}\tTAGS: ${fmtTags(effectiveTags(t))}`);
    } else {
      const all = new Set<string>();
      for (const t of tasks) for (const tag of effectiveTags(t)) all.add(tag);
      out.push(`      TASK TAGS: ${fmtTags(all)}`);
    }
  });
  return out.join('\n') + '\n';
}
