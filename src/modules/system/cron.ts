// Follows ansible.builtin.cron (ansible-core 2.14, Linux): a user's crontab through `crontab -l` / `crontab -`,
// or a cron_file (under /etc/cron.d unless absolute) written directly; jobs are found by their `#Ansible: name` line.
import { shellQuote } from '../../connection/quote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { CronTabText } from './crontab-text.js';
import { expandHome } from './home-path.js';
import { probe, run, writeText } from './remote.js';

export const cronSpec: ModuleSpec = {
  supportsCheckMode: true,
  mutuallyExclusive: [['insertafter', 'insertbefore']],
  options: {
    name: { type: 'str', required: true },
    user: { type: 'str' },
    job: { type: 'str', aliases: ['value'] },
    cron_file: { type: 'path' },
    state: { type: 'str', default: 'present', choices: ['present', 'absent'] },
    backup: { type: 'bool', default: false },
    minute: { type: 'str', default: '*' },
    hour: { type: 'str', default: '*' },
    day: { type: 'str', default: '*', aliases: ['dom'] },
    month: { type: 'str', default: '*' },
    weekday: { type: 'str', default: '*', aliases: ['dow'] },
    special_time: { type: 'str', choices: ['reboot', 'yearly', 'annually', 'monthly', 'weekly', 'daily', 'hourly'] },
    disabled: { type: 'bool', default: false },
    env: { type: 'bool', default: false },
    insertafter: { type: 'str' },
    insertbefore: { type: 'str' },
  },
};

interface CronArgs {
  readonly name: string;
  readonly user: string | null;
  readonly job: string | null;
  readonly cronFile: string | null;
  readonly present: boolean;
  readonly backup: boolean;
  readonly env: boolean;
  readonly insertAfter: string | null;
  readonly insertBefore: string | null;
  readonly schedule: { minute: string; hour: string; day: string; month: string; weekday: string; special: string | null; disabled: boolean };
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function readArgs(args: Record<string, unknown>): CronArgs {
  return {
    name: String(args['name']),
    user: str(args['user']),
    job: str(args['job']),
    cronFile: str(args['cron_file']),
    present: args['state'] === 'present',
    backup: args['backup'] === true,
    env: args['env'] === true,
    insertAfter: str(args['insertafter']),
    insertBefore: str(args['insertbefore']),
    schedule: {
      minute: String(args['minute']),
      hour: String(args['hour']),
      day: String(args['day']),
      month: String(args['month']),
      weekday: String(args['weekday']),
      special: str(args['special_time']),
      disabled: args['disabled'] === true,
    },
  };
}

/** The module's input checks, in its order; none needs the host. */
function invalid(a: CronArgs): string | undefined {
  if (a.cronFile === '/etc/crontab') return 'Will not manage /etc/crontab via cron_file, see documentation.';
  const s = a.schedule;
  if (s.special && [s.minute, s.hour, s.day, s.month, s.weekday].some((x) => x !== '*')) return 'You must specify time and date fields or special time.';
  if (a.present) {
    if (a.cronFile && !a.user) return 'To use cron_file=... parameter you must specify user=... as well';
    if (a.job === null) return "You must specify 'job' to install a new cron job or variable";
    if ((a.insertAfter || a.insertBefore) && !a.env) return 'Insertafter and insertbefore parameters are valid only with env=yes';
  }
  if (a.env && a.name.includes(' ')) return 'Invalid name for environment variable';
  return undefined;
}

/* `crontab` with `-u user` only when the user is not the one running it (the module compares with its own uid's name). */
function crontabCommand(user: string | null, rest: string): string {
  if (user === null) return `crontab ${rest}`;
  const u = shellQuote(user);
  return `if [ "$(id -un)" != ${u} ]; then crontab -u ${u} ${rest}; else crontab ${rest}; fi`;
}

interface CronTarget {
  /** The cron_file's full path, or null for a user's crontab. */
  readonly file: string | null;
  readonly header: string;
}

function target(a: CronArgs): CronTarget {
  if (a.cronFile === null) return { file: null, header: a.user ? `crontab for user "${a.user}"` : 'crontab' };
  const file = a.cronFile.startsWith('/') ? a.cronFile : `/etc/cron.d/${a.cronFile}`;
  return { file, header: file };
}

async function readCrontab(ctx: ModuleContext, a: CronArgs, t: CronTarget): Promise<CronTabText | string> {
  const p = await probe(ctx, {
    bin: 'command -v crontab',
    list: t.file === null ? crontabCommand(a.user, '-l') : 'true',
    file: t.file === null ? 'true' : `[ -f ${shellQuote(t.file)} ] || exit 3; base64 -w0 < ${shellQuote(t.file)}`,
  });
  if (p.bin.rc !== 0) return 'Failed to find required executable "crontab" in paths: /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  if (t.file !== null) return CronTabText.fromFile(p.file.rc === 0 ? Buffer.from(p.file.out, 'base64').toString('utf8') : undefined);
  if (p.list.rc !== 0 && p.list.rc !== 1) return 'Unable to read crontab';
  return CronTabText.fromListing(p.list.out);
}

/** Applies the task to the crontab's lines (warnings go to `warnings`): whether they changed, or the error message. */
function edit(tab: CronTabText, a: CronArgs, t: CronTarget, warnings: string[]): { changed: boolean; error?: string } {
  let changed = false;
  if (a.env) {
    const decl = `${a.name}="${a.job ?? 'None'}"`;
    const old = tab.findEnv(a.name);
    if (a.present) {
      if (!old) {
        const error = tab.addEnv(decl, a.insertAfter, a.insertBefore);
        if (error) return { changed, error };
        changed = true;
      } else if (old[1] !== decl) {
        tab.updateEnv(a.name, decl);
        changed = true;
      }
    } else if (old) {
      tab.updateEnv(a.name, null);
      changed = true;
    }
    return { changed };
  }
  if (a.present) {
    const raw = a.job ?? '';
    if (/[\r\n]/.test(raw.replace(/^[\r\n]+|[\r\n]+$/g, ''))) warnings.push('Job should not contain line breaks');
    const job = CronTabText.jobLine(a.schedule, raw, t.file === null ? null : a.user);
    const old = tab.findJob(a.name, job);
    if (old.length === 0) {
      tab.addJob(a.name, job);
      changed = true;
    }
    if ((old.length > 0 && old[1] !== job) || old.length > 2) {
      tab.updateJob(a.name, job);
      changed = true;
    }
  } else if (tab.findJob(a.name).length > 0) {
    tab.updateJob(a.name, null);
    changed = true;
  }
  return { changed };
}

export const cron: ModuleDefinition = {
  name: 'cron',
  spec: cronSpec,
  async run(args, ctx): Promise<ModuleResult> {
    const a = readArgs(args['cron_file'] === null ? args : { ...args, cron_file: await expandHome(ctx, String(args['cron_file'])) });
    const problem = invalid(a);
    if (problem) return { failed: true, changed: false, msg: problem };
    const warnings: string[] = [];
    if (a.cronFile !== null) {
      const base = a.cronFile.slice(a.cronFile.lastIndexOf('/') + 1);
      if (!/^[A-Z0-9_-]+$/i.test(base)) warnings.push(`Filename portion of cron_file ("${base}") should consist solely of upper- and lower-case letters, digits, underscores, and hyphens`);
    }
    const t = target(a);
    const tab = await readCrontab(ctx, a, t);
    if (typeof tab === 'string') return { failed: true, changed: false, msg: tab };
    const diff: Record<string, unknown> = { before: tab.existing, before_header: t.header };
    const before = tab.render();

    const { changed: edited, error } = edit(tab, a, t, warnings);
    if (error) return { failed: true, changed: false, msg: error };
    let changed = edited;

    if (!a.present && edited && t.file !== null && tab.isEmpty()) {
      // The last job of a cron_file is gone: the file goes too.
      const f = shellQuote(t.file);
      const r = await run(ctx, ctx.checkMode ? `[ -f ${f} ]` : `rm -- ${f} 2>/dev/null`);
      return { changed: r.rc === 0, cron_file: a.cronFile, state: 'absent', diff: ctx.diff ? { ...diff, after: '', after_header: '/dev/null' } : {} };
    }
    // A crontab without its final newline is rewritten even when nothing else changes.
    if (!changed && tab.existing !== '' && !/[\r\n]$/.test(tab.existing)) changed = true;

    const result: ModuleResult = { jobs: tab.jobNames(), envs: tab.envNames(), changed, ...(warnings.length ? { warnings } : {}) };
    if (changed) {
      if (!ctx.checkMode) {
        if (t.file !== null) await writeText(ctx, t.file, tab.render());
        else {
          const r = await run(ctx, crontabCommand(a.user, '-'), tab.render());
          if (r.rc !== 0) return { failed: true, changed: false, msg: r.err };
        }
      }
      if (ctx.diff) result['diff'] = { ...diff, after: tab.render(), after_header: t.header };
    }
    if (a.backup && !ctx.checkMode && changed) {
      // The module keeps its backup (the crontab as read) only when something changed.
      const r = await run(ctx, `f=$(mktemp /tmp/crontabXXXXXXXX) && cat > "$f" && printf '%s' "$f"`, before);
      if (r.rc !== 0) return { failed: true, changed: false, msg: `cannot back up the crontab: ${r.err.trim()}` };
      result['backup_file'] = r.out;
    }
    if (a.cronFile !== null) result['cron_file'] = a.cronFile;
    return result;
  },
};
