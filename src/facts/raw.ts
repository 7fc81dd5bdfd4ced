/**
 * The facts script's output, split back into what it read. The script prints sections,
 * each introduced by a line `\n<marker> <kind> [name]`; the marker is random per run,
 * so no file content can forge a section.
 *
 *   kv              key=value lines (single-line values)
 *   g               `grep -sH '' FILES…` output: path:line, one per line of each file
 *   file PATH       a file's bytes, verbatim
 *   cmd NAME / rc NAME CODE   a command's stdout, then its exit status
 *   x               `e|s|d PATH` (exists / non-empty file / directory), `l PATH<TAB>TARGET` (symlink)
 *   ls DIR          directory entries in readdir order, one per line
 */

export interface CommandOutput {
  readonly out: string;
  readonly rc: number;
}

export class RawFacts {
  readonly kv = new Map<string, string>();
  readonly files = new Map<string, string>();
  readonly cmds = new Map<string, CommandOutput>();
  readonly kinds = new Map<string, 'e' | 's' | 'd'>();
  readonly links = new Map<string, string>();
  readonly dirs = new Map<string, string[]>();

  /** A file's content, whether it came verbatim or through grep. */
  file(path: string): string | undefined {
    return this.files.get(path);
  }

  exists(path: string): boolean {
    return this.kinds.has(path) || this.links.has(path) || this.files.has(path) || this.dirs.has(path);
  }

  isDir(path: string): boolean {
    return this.kinds.get(path) === 'd';
  }

  /** Exists with a size above zero (directories count). */
  nonEmpty(path: string): boolean {
    const k = this.kinds.get(path);
    return k === 's' || k === 'd';
  }

  cmd(name: string): CommandOutput | undefined {
    return this.cmds.get(name);
  }

  get(key: string): string | undefined {
    return this.kv.get(key);
  }

  /** Paths of files read through grep or cat that match a prefix and suffix. */
  filesMatching(re: RegExp): string[] {
    return [...this.files.keys()].filter((p) => re.test(p));
  }
}

export function parseRawFacts(output: string, marker: string): RawFacts {
  const raw = new RawFacts();
  const chunks = output.split(`\n${marker} `);
  const pendingCmd = new Map<string, string>();
  for (const chunk of chunks.slice(1)) {
    const nl = chunk.indexOf('\n');
    const header = nl < 0 ? chunk : chunk.slice(0, nl);
    const body = nl < 0 ? '' : chunk.slice(nl + 1);
    const sp = header.indexOf(' ');
    const kind = sp < 0 ? header : header.slice(0, sp);
    const name = sp < 0 ? '' : header.slice(sp + 1);
    switch (kind) {
      case 'kv':
        for (const line of body.split('\n')) {
          const eq = line.indexOf('=');
          if (eq > 0) raw.kv.set(line.slice(0, eq), line.slice(eq + 1));
        }
        break;
      case 'g':
        readGrep(raw, body);
        break;
      case 'file':
        raw.files.set(name, body);
        break;
      case 'cmd':
        pendingCmd.set(name, body);
        break;
      case 'rc': {
        const at = name.lastIndexOf(' ');
        const cmdName = name.slice(0, at);
        raw.cmds.set(cmdName, { out: pendingCmd.get(cmdName) ?? '', rc: Number(name.slice(at + 1)) });
        break;
      }
      case 'x':
        readKinds(raw, body);
        break;
      case 'ls':
        raw.dirs.set(name, body.split('\n').filter((e) => e !== '' && e !== '.' && e !== '..'));
        break;
      default:
        break;
    }
  }
  return raw;
}

function readGrep(raw: RawFacts, body: string): void {
  const seen = new Set<string>();
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const path = line.slice(0, colon);
    const text = line.slice(colon + 1);
    if (!seen.has(path)) {
      seen.add(path);
      raw.files.set(path, `${text}\n`);
    } else {
      raw.files.set(path, `${raw.files.get(path) ?? ''}${text}\n`);
    }
  }
}

function readKinds(raw: RawFacts, body: string): void {
  for (const line of body.split('\n')) {
    const k = line.charAt(0);
    const rest = line.slice(2);
    if (k === 'l') {
      const tab = rest.indexOf('\t');
      if (tab > 0) raw.links.set(rest.slice(0, tab), rest.slice(tab + 1));
    } else if (k === 'e' || k === 's' || k === 'd') {
      raw.kinds.set(rest, k);
    }
  }
}
