// Follows ansible.builtin.git (ansible-core 2.14, modules/git.py): clone, fetch and check out a
// version with the git on the host, reporting the SHAs before and after.
import { posix } from 'node:path';
import { shellQuote } from '../../connection/quote.js';
import { expandRemotePath } from '../files/support/remote-path.js';
import { run } from '../system/remote.js';
import type { ModuleContext, ModuleDefinition, ModuleResult, ModuleSpec } from '../types.js';
import { createArchive } from './git-archive.js';
import { clone, fetch, getDiff, setRemoteUrl, submodulesFetch, submoduleUpdate, switchVersion, type GitParams } from './git-ops.js';
import { getRemoteHead, getRemoteUrl, getRepoPath, getVersion, hasLocalMods, unfrackGitPath } from './git-refs.js';
import { GitFailure, GitRunner } from './git-runner.js';

export const gitSpec: ModuleSpec = {
  supportsCheckMode: true,
  options: {
    dest: { type: 'path' },
    repo: { type: 'str', required: true, aliases: ['name'] },
    version: { type: 'str', default: 'HEAD' },
    remote: { type: 'str', default: 'origin' },
    refspec: { type: 'str' },
    reference: { type: 'str' },
    force: { type: 'bool', default: false },
    depth: { type: 'int' },
    clone: { type: 'bool', default: true },
    update: { type: 'bool', default: true },
    verify_commit: { type: 'bool', default: false },
    gpg_whitelist: { type: 'list', elements: 'str', default: [] },
    accept_hostkey: { type: 'bool', default: false },
    accept_newhostkey: { type: 'bool', default: false },
    key_file: { type: 'path' },
    ssh_opts: { type: 'str' },
    executable: { type: 'path' },
    bare: { type: 'bool', default: false },
    recursive: { type: 'bool', default: true },
    single_branch: { type: 'bool', default: false },
    track_submodules: { type: 'bool', default: false },
    umask: { type: 'raw' },
    archive: { type: 'path' },
    archive_prefix: { type: 'str' },
    separate_git_dir: { type: 'path' },
  },
  mutuallyExclusive: [
    ['separate_git_dir', 'bare'],
    ['accept_hostkey', 'accept_newhostkey'],
  ],
};

/** set_git_ssh_env for git >= 2.3: the options GIT_SSH_COMMAND gets (host key, batch mode, key file). */
function sshOptions(args: Record<string, unknown>): string {
  let opts = (args['ssh_opts'] as string | null) ?? null;
  const add = (o: string): void => {
    if (opts === null) opts = o;
    else if (!opts.includes('-o StrictHostKeyChecking=no') && !opts.includes('-o StrictHostKeyChecking=accept-new')) opts += ` ${o}`;
  };
  if (args['accept_hostkey'] === true) add('-o StrictHostKeyChecking=no');
  if (args['accept_newhostkey'] === true) add('-o StrictHostKeyChecking=accept-new');
  let ssh = opts === null ? '' : ` ${opts}`;
  if (args['accept_hostkey'] === true && !ssh.includes('StrictHostKeyChecking=no')) ssh += ' -o StrictHostKeyChecking=no';
  if (!ssh.includes('BatchMode=yes')) ssh += ' -o BatchMode=yes';
  const keyFile = args['key_file'] as string | null;
  if (keyFile) {
    if (!ssh.includes(`-i ${keyFile}`)) ssh += `  -i ${keyFile}`;
    if (!ssh.includes('IdentitiesOnly=yes')) ssh += ' -o IdentitiesOnly=yes';
  }
  return ssh;
}

function parseUmask(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new GitFailure('umask must be defined as a quoted octal integer');
  const s = v.trim().replace(/^0o/i, '').replace(/_/g, '');
  if (!/^[0-7]+$/.test(s)) throw new GitFailure('umask must be an octal integer', { details: `invalid literal for int() with base 8: '${v}'` });
  return parseInt(s, 8);
}

async function setup(args: Record<string, unknown>, ctx: ModuleContext, umask: number | null): Promise<{ g: GitRunner; p: GitParams; repoParam: string; expandedRepo: string }> {
  const conn = await ctx.connection();
  const executable = args['executable'] as string | null;
  const [home = '/', found = ''] = (await run(ctx, 'pwd; command -v git')).out.split('\n');
  const gitPath = executable ?? found.trim();
  if (!gitPath) throw new GitFailure('Failed to find required executable "git" in paths: /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  const repoParam = String(args['repo']);
  const expandedRepo = await expandRemotePath(conn, repoParam);
  const repo = expandedRepo.startsWith('/') ? `file://${expandedRepo}` : repoParam;
  const abs = (path: string): string => posix.normalize(path.startsWith('/') ? path : posix.join(home, path)).replace(/(.)\/$/, '$1');
  const destArg = args['dest'] as string | null;
  const dest = destArg ? abs(await expandRemotePath(conn, destArg)) : '';
  const sep = args['separate_git_dir'] as string | null;
  const separateGitDir = sep ? (await run(ctx, `realpath -m -- ${shellQuote(abs(await expandRemotePath(conn, sep)))}`)).out.trim() : null;
  const g = new GitRunner(ctx, gitPath, umask, sshOptions(args));
  const p: GitParams = {
    repo,
    dest,
    version: String(args['version']),
    remote: String(args['remote']),
    refspec: (args['refspec'] as string | null) ?? null,
    reference: (args['reference'] as string | null) ?? null,
    depth: (args['depth'] as number | null) ?? null,
    bare: args['bare'] === true,
    force: args['force'] === true,
    singleBranch: args['single_branch'] === true,
    separateGitDir,
    trackSubmodules: args['track_submodules'] === true,
    verifyWith: args['verify_commit'] === true ? ((args['gpg_whitelist'] as string[] | null) ?? []) : undefined,
    home,
  };
  return { g, p, repoParam, expandedRepo };
}

/** relocate_repo: moves an existing repository to separate_git_dir and points dest/.git at it. */
async function relocateRepo(g: GitRunner, result: ModuleResult, repoDir: string, oldRepoDir: string, worktree: string): Promise<void> {
  if (await g.exists(repoDir)) throw new GitFailure(`Separate-git-dir path ${repoDir} already exists.`);
  const [n, o, dotGit] = [repoDir, oldRepoDir, posix.join(worktree, '.git')].map(shellQuote);
  const r = await g.shell(`mv -- ${o} ${n} && printf 'gitdir: %s' ${n} > ${dotGit} || { [ -e ${n} ] && mv -- ${n} ${o}; exit 1; }`);
  if (r.rc !== 0) throw new GitFailure(`Unable to move git dir. ${r.err.trim()}`);
  result['git_dir_before'] = oldRepoDir;
  result['git_dir_now'] = repoDir;
}

async function gitModule(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const result: ModuleResult = { changed: false, warnings: [] as string[] };
  const warnings = result['warnings'] as string[];
  const update = args['update'] === true;
  const allowClone = args['clone'] === true;
  const archive = (args['archive'] as string | null) ?? null;
  const archivePrefix = (args['archive_prefix'] as string | null) ?? null;
  // Argument errors fail before the host is contacted.
  if (archivePrefix !== null && archive === null) throw new GitFailure('missing parameter(s) required by \'archive_prefix\': archive');
  const umask = parseUmask(args['umask']);
  if (!args['dest'] && allowClone) throw new GitFailure('the destination directory must be specified unless clone=no');
  const { g, p, repoParam, expandedRepo } = await setup(args, ctx, umask);
  let gitconfig: string | null = null;
  if (p.dest) {
    const repoPath = await getRepoPath(g, p.dest, p.bare);
    if (p.separateGitDir && (await g.exists(repoPath)) && p.separateGitDir !== repoPath) {
      result.changed = true;
      if (!ctx.checkMode) await relocateRepo(g, result, p.separateGitDir, repoPath, p.dest);
    }
    gitconfig = posix.join(ctx.checkMode || !p.separateGitDir || !(result.changed ?? false) ? repoPath : p.separateGitDir, 'config');
  }
  result['before'] = null;
  const withDiff = async (before: string | null, after: string): Promise<void> => {
    if (!ctx.diff) return;
    const d = await getDiff(g, p, before, after);
    if (Object.keys(d).length) result['diff'] = d;
  };

  let localMods = false;
  if ((p.dest && !(await g.exists(gitconfig!))) || (!p.dest && !allowClone)) {
    if (ctx.checkMode || !allowClone) {
      const remoteHead = await getRemoteHead(g, p.dest || null, p.version, p.repo, p.bare, repoParam, expandedRepo);
      Object.assign(result, { changed: true, after: remoteHead });
      await withDiff(null, remoteHead);
      return result;
    }
    await clone(g, p, warnings);
  } else if (!update) {
    result['before'] = await getVersion(g, p.dest);
    result['after'] = result['before'];
    if (archive) {
      if (ctx.checkMode) return { ...result, changed: true };
      await createArchive(g, p, archive, archivePrefix, result);
    }
    return result;
  } else {
    localMods = await hasLocalMods(g, p.dest, p.bare);
    result['before'] = await getVersion(g, p.dest);
    if (localMods) {
      if (!p.force) throw new GitFailure(`Local modifications exist in the destination: ${p.dest} (force=no).`, { before: result['before'] });
      if (!ctx.checkMode) {
        await g.checked(['reset', '--hard', 'HEAD'], p.dest);
        Object.assign(result, { changed: true, msg: `Local modifications exist in the destination: ${p.dest}` });
      }
    }
    let remoteUrlChanged: unknown;
    if (ctx.checkMode) {
      const url = await getRemoteUrl(g, p.dest, p.remote);
      remoteUrlChanged = url ? url !== p.repo && unfrackGitPath(url, p.home) !== unfrackGitPath(p.repo, p.home) : url;
    } else {
      remoteUrlChanged = await setRemoteUrl(g, p);
    }
    result['remote_url_changed'] = remoteUrlChanged;
    if (ctx.checkMode) {
      const remoteHead = await getRemoteHead(g, p.dest, p.version, p.remote, p.bare, repoParam, expandedRepo);
      Object.assign(result, { changed: result['before'] !== remoteHead || Boolean(remoteUrlChanged), after: remoteHead });
      await withDiff(result['before'] as string, remoteHead);
      return result;
    }
    await fetch(g, p, p.version, p.refspec, p.force);
    result['after'] = await getVersion(g, p.dest);
  }

  if (!p.bare) await switchVersion(g, p);
  let submodulesUpdated = false;
  if (args['recursive'] === true && !p.bare) {
    submodulesUpdated = await submodulesFetch(g, p);
    if (submodulesUpdated) {
      result['submodules_changed'] = true;
      await submoduleUpdate(g, p);
    }
  }
  result['after'] = await getVersion(g, p.dest);
  if (result['before'] !== result['after'] || localMods || submodulesUpdated || result['remote_url_changed'] === true) {
    result.changed = true;
    await withDiff(result['before'] as string | null, result['after'] as string);
  }
  if (archive) {
    if (ctx.checkMode) return { ...result, changed: true };
    await createArchive(g, p, archive, archivePrefix, result);
  }
  return result;
}

export const git: ModuleDefinition = {
  name: 'git',
  spec: gitSpec,
  async run(args, ctx): Promise<ModuleResult> {
    try {
      const result = await gitModule(args, ctx);
      // AnsibleModule reports warnings apart; an empty list never reaches the result.
      if (Array.isArray(result['warnings']) && result['warnings'].length === 0) delete result['warnings'];
      return result;
    } catch (e) {
      if (e instanceof GitFailure) return { changed: false, ...e.extra, failed: true, msg: e.message };
      throw e;
    }
  },
};
