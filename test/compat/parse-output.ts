/**
 * ansible-playbook's default (non-colour) output, parsed: plays, tasks, one event per host result
 * (with item labels and the JSON after `=>`), `...ignoring` marks, and the PLAY RECAP.
 */

export type EventStatus = 'ok' | 'changed' | 'skipping' | 'failed' | 'unreachable' | 'item-failed';

export interface ResultEvent {
  readonly play: string;
  readonly task: string;
  readonly taskIndex: number;
  readonly host: string;
  readonly status: EventStatus;
  readonly item?: string;
  readonly json?: unknown;
  ignored: boolean;
  /** Other text printed between the previous result line (or the banner) and this one: --diff output. */
  readonly textBefore?: string;
}

export interface RecapLine {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export interface ParsedRun {
  readonly banners: string[];
  readonly events: ResultEvent[];
  readonly recap: Record<string, RecapLine>;
  readonly included: string[];
  /** Per task index: other text after the task's last result line (a diff printed after its result). */
  readonly textAfter: Record<number, string>;
}

const BANNER = /^(PLAY|TASK|RUNNING HANDLER) \[(.*)\] \*+$/;
const RESULT = /^(ok|changed|skipping|fatal|failed): \[([^\]]+)\]:?(.*)$/;
/* Lines of the default callback that are neither results nor diffs (their wording is not compared). */
const NOT_DIFF = /^(An exception occurred during task execution|The full traceback is:|FAILED - RETRYING: |ASYNC (POLL|OK|FAILED) on |NO MORE HOSTS LEFT|META: )/;
const RECAP = /^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)\s+rescued=(\d+)\s+ignored=(\d+)/;

function braceDepth(s: string): number {
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return depth;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function parseOutput(stdout: string): ParsedRun {
  const lines = stdout.split('\n');
  const banners: string[] = [];
  const events: ResultEvent[] = [];
  const recap: Record<string, RecapLine> = {};
  const included: string[] = [];
  const textAfter: Record<number, string> = {};
  let play = '';
  let task = '';
  let taskIndex = -1;
  let inRecap = false;
  // Lines no pattern claims, since the last result line or task banner (a diff's text).
  let other: string[] = [];
  const takeOther = (): string | undefined => {
    const text = other.join('\n').replace(/^\n+|\n+$/g, '');
    other = [];
    return text === '' ? undefined : text;
  };
  const closeTask = (): void => {
    const text = takeOther();
    if (text !== undefined && taskIndex >= 0) textAfter[taskIndex] = text;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const b = BANNER.exec(line);
    if (b) {
      closeTask();
      if (b[1] === 'PLAY' && b[2] === undefined) continue;
      banners.push(`${b[1]} [${b[2]}]`);
      if (b[1] === 'PLAY') play = b[2]!;
      else {
        task = `${b[1] === 'TASK' ? '' : 'HANDLER '}${b[2]}`;
        taskIndex++;
      }
      continue;
    }
    if (line.startsWith('PLAY RECAP')) {
      closeTask();
      inRecap = true;
      continue;
    }
    if (inRecap) {
      const r = RECAP.exec(line);
      if (r) recap[r[1]!] = { ok: +r[2]!, changed: +r[3]!, unreachable: +r[4]!, failed: +r[5]!, skipped: +r[6]!, rescued: +r[7]!, ignored: +r[8]! };
      continue;
    }
    if (line.startsWith('included: ')) {
      included.push(line.replace(/^included: \S+/, 'included: FILE'));
      continue;
    }
    if (line === '...ignoring') {
      const last = events[events.length - 1];
      if (last) last.ignored = true;
      continue;
    }
    let full = line;
    // An item label with newlines spans lines: join until the label's closing parenthesis.
    if (/ => \(item=/.test(full) || /^skipping: \[[^\]]+\] => \(item=/.test(full)) {
      while (!/\)( =>.*| )?$/.test(full) && i + 1 < lines.length) full += '\n' + lines[++i];
    }
    const m = RESULT.exec(full.split('\n')[0]!) ? /^(ok|changed|skipping|fatal|failed): \[([^\]]+)\]:?([\s\S]*)$/.exec(full) : null;
    if (!m) {
      if (taskIndex >= 0 && !NOT_DIFF.test(full)) other.push(full);
      continue;
    }
    let [, word, hostLabel, rest] = m as unknown as [string, string, string, string];
    let status: EventStatus = word === 'skipping' ? 'skipping' : word === 'fatal' ? 'failed' : word === 'failed' ? 'item-failed' : (word as EventStatus);
    if (rest.startsWith(' UNREACHABLE!')) status = 'unreachable';
    rest = rest.replace(/^ (FAILED|UNREACHABLE)!/, '');
    let item: string | undefined;
    const itemMatch = /^ (?:=> )?\(item=([\s\S]*?)\)( =>|\s*$)/.exec(rest);
    if (itemMatch) {
      item = itemMatch[1];
      rest = rest.slice(itemMatch[0].length - (itemMatch[2] === ' =>' ? 3 : 0));
    }
    let json: unknown;
    const arrow = rest.indexOf('=> ');
    if (arrow >= 0) {
      let text = rest.slice(arrow + 3);
      while (braceDepth(text) > 0 && i + 1 < lines.length) text += '\n' + lines[++i];
      json = parseJson(text);
    }
    const host = hostLabel.split(' -> ')[0]!;
    const textBefore = takeOther();
    events.push({ play, task, taskIndex, host, status, ...(item !== undefined ? { item } : {}), ...(json !== undefined ? { json } : {}), ignored: false, ...(textBefore !== undefined ? { textBefore } : {}) });
  }
  closeTask();
  return { banners, events, recap, included, textAfter };
}
