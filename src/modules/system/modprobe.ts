// Follows community.general.modprobe (6.6.x): /proc/modules and modules.builtin decide "loaded";
// persistence edits /etc/modules-load.d and /etc/modprobe.d exactly as the module does.
import { shellJoin } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { shlexSplit } from '../util/shlex.js';
import { probe, run, writeText } from './remote.js';

export const modprobeSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    name: { type: 'str', required: true },
    state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    params: { type: 'str', default: '' },
    persistent: { type: 'str', default: 'disabled', choices: ['disabled', 'present', 'absent'] },
  },
};

const MODULES_LOAD = '/etc/modules-load.d';
const PARAMETERS = '/etc/modprobe.d';

/** The files of a directory, by path, with their text. */
export type DirFiles = Map<string, string>;

/* Python's readlines(): each line keeps its newline. */
const readlines = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** The module's state for one name: what is persistent now, and the edits that persistence needs. */
export class ModprobeFiles {
  private readonly findModule: RegExp;
  private readonly findParams: RegExp;
  private readonly getParams: RegExp;

  constructor(
    readonly name: string,
    readonly params: string,
    readonly modulesFiles: DirFiles,
    readonly modprobeFiles: DirFiles,
  ) {
    // The name goes into the patterns unescaped, as the module builds them.
    this.findModule = new RegExp(`^ *${name} *(?:[#;].*)?\\n?$`);
    this.findParams = new RegExp(`^options ${name} \\w+=\\S+ *(?:[#;].*)?\\n?$`);
    this.getParams = new RegExp(`^options ${name} (\\w+=\\S+) *(?:[#;].*)?\\n?$`);
  }

  get loadedPersistently(): boolean {
    return [...this.modulesFiles.values()].some((t) => readlines(t).some((l) => this.findModule.test(l)));
  }

  get permanentParams(): Set<string> {
    const out = new Set<string>();
    for (const t of this.modprobeFiles.values()) for (const l of readlines(t)) out.add(this.getParams.exec(l)?.[1] ?? '');
    out.delete('');
    return out;
  }

  get paramsSet(): boolean {
    const want = new Set(this.params.split(/\s+/).filter(Boolean));
    const have = this.permanentParams;
    return want.size === have.size && [...want].every((p) => have.has(p));
  }

  /** Comments out matching lines; rewritten files are joined with '\n' as the module writes them. */
  private commentOut(files: DirFiles, re: RegExp): Map<string, string> {
    const writes = new Map<string, string>();
    for (const [path, text] of files) {
      const lines = readlines(text);
      let changed = false;
      lines.forEach((l, i) => {
        if (re.test(l)) {
          lines[i] = `#${l}`;
          changed = true;
        }
      });
      if (changed) writes.set(path, lines.join('\n'));
    }
    return writes;
  }

  /** load_module_permanent / unload_module_permanent: the files to write, in order. */
  plan(persistent: 'present' | 'absent'): Map<string, string> {
    const writes = new Map<string, string>();
    if (persistent === 'present') {
      if (!this.loadedPersistently) writes.set(`${MODULES_LOAD}/${this.name}.conf`, `${this.name}\n`);
      if (!this.paramsSet) {
        for (const [p, t] of this.commentOut(this.modprobeFiles, this.findParams)) writes.set(p, t);
        const options = this.params.split(/\s+/).filter(Boolean).map((p) => `options ${this.name} ${p}`);
        writes.set(`${PARAMETERS}/${this.name}.conf`, `${options.join('\n')}\n`);
      }
    } else {
      if (this.loadedPersistently) for (const [p, t] of this.commentOut(this.modulesFiles, this.findModule)) writes.set(p, t);
      if (this.permanentParams.size > 0) for (const [p, t] of this.commentOut(this.modprobeFiles, this.findParams)) writes.set(p, t);
    }
    return writes;
  }
}

/* Every regular file of a directory with its text, base64 per file: `path\tbase64`. */
const dumpDir = (dir: string): string => `for f in ${dir}/* ${dir}/.[!.]*; do [ -f "$f" ] && printf '%s\\t%s\\n' "$f" "$(base64 -w0 < "$f")"; done; true`;

function parseDump(out: string): DirFiles {
  const files: DirFiles = new Map();
  for (const line of out.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) files.set(line.slice(0, tab), Buffer.from(line.slice(tab + 1), 'base64').toString('utf8'));
  }
  return files;
}

async function isLoaded(ctx: ModuleContext, name: string): Promise<{ loaded: boolean } | { error: string }> {
  const builtin = `/lib/modules/$(uname -r)/modules.builtin`;
  const p = await probe(ctx, { proc: 'cat /proc/modules', builtin: `cat "${builtin}"`, release: 'uname -r' });
  if (p.proc.rc !== 0) return { error: "[Errno 2] No such file or directory: '/proc/modules'" };
  const prefix = `${name.replace(/-/g, '_')} `;
  if (p.proc.out.split('\n').some((l) => l.startsWith(prefix))) return { loaded: true };
  if (p.builtin.rc !== 0) return { error: `[Errno 2] No such file or directory: '/lib/modules/${p.release.out.trim()}/modules.builtin'` };
  return { loaded: p.builtin.out.split('\n').some((l) => l.trimEnd().endsWith(`/${name}.ko`)) };
}

export const modprobe: ModuleDefinition = {
  name: 'modprobe',
  spec: modprobeSpec,
  async run(args, ctx): Promise<ModuleResult> {
    const name = String(args['name']);
    const params = String(args['params']);
    const state = String(args['state']);
    const persistent = String(args['persistent']);
    const result = (): ModuleResult => ({ changed, name, params, state });
    let changed = false;
    const fail = (msg: string, extra: Record<string, unknown> = {}): ModuleResult => ({ ...result(), failed: true, msg, ...extra });

    const loaded = await isLoaded(ctx, name);
    if ('error' in loaded) return fail(loaded.error);
    const check = ctx.checkMode ? ['-n'] : [];
    let warnings: string[] = [];
    if (state === 'present' && !loaded.loaded) {
      const r = await run(ctx, shellJoin(['modprobe', ...check, name, ...shlexSplit(params)]));
      if (r.rc !== 0) return fail(r.err, { rc: r.rc, stdout: r.out, stderr: r.err });
      const now = await isLoaded(ctx, name);
      if (ctx.checkMode || ('loaded' in now && now.loaded)) changed = true;
      else {
        const again = await run(ctx, shellJoin(['modprobe', '-n', '--first-time', name, ...shlexSplit(params)]));
        if (again.rc !== 0) warnings = [again.err];
      }
    } else if (state === 'absent' && loaded.loaded) {
      const r = await run(ctx, shellJoin(['modprobe', '-r', name, ...check]));
      if (r.rc !== 0) return fail(r.err, { rc: r.rc, stdout: r.out, stderr: r.err });
      changed = true;
    }

    if (persistent !== 'disabled') {
      const dirs = await probe(ctx, { load: dumpDir(MODULES_LOAD), options: dumpDir(PARAMETERS) });
      const files = new ModprobeFiles(name, params, parseDump(dirs.load.out), parseDump(dirs.options.out));
      const needed = persistent === 'present' ? !(files.loadedPersistently && files.paramsSet) : files.loadedPersistently || files.permanentParams.size > 0;
      if (needed) {
        const writes = files.plan(persistent as 'present' | 'absent');
        changed = changed || writes.size > 0;
        // kplay honours check mode here; community.general 6.6 writes these files even in check mode.
        if (!ctx.checkMode) for (const [path, text] of writes) await writeText(ctx, path, text);
      }
    }
    const out = result();
    if (warnings.length) out['warnings'] = warnings;
    return out;
  },
};
