// The git module's read-only questions about a repository and its remote, as ansible-core 2.14's
// git.py asks them (the same git commands, the same substring tests on their output).
import { posix } from 'node:path';
import { shellQuote } from '../../connection/quote.js';
import { GitFailure, type GitRunner } from './git-runner.js';

/** `git rev-parse REF` in dest; the rc is not checked (an empty string when dest is no repository). */
export async function getVersion(g: GitRunner, dest: string, ref = 'HEAD'): Promise<string> {
  return (await g.git_(['rev-parse', ref], dest)).out.replace(/\n+$/, '');
}

export async function isRemoteTag(g: GitRunner, dest: string | null, remote: string, version: string): Promise<boolean> {
  const r = await g.checked(['ls-remote', remote, '-t', `refs/tags/${version}`], dest ?? undefined);
  return r.out.includes(version);
}

export async function isRemoteBranch(g: GitRunner, dest: string | null, remote: string, version: string): Promise<boolean> {
  const r = await g.checked(['ls-remote', remote, '-h', `refs/heads/${version}`], dest ?? undefined);
  return r.out.includes(version);
}

export async function getBranches(g: GitRunner, dest: string): Promise<string[]> {
  const r = await g.git_(['branch', '--no-color', '-a'], dest);
  if (r.rc !== 0) throw new GitFailure(`Could not determine branch data - received ${r.out}`, { stdout: r.out, stderr: r.err });
  return r.out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export async function isLocalBranch(g: GitRunner, dest: string, branch: string): Promise<boolean> {
  const branches = await getBranches(g, dest);
  return branches.includes(branch) || branches.includes(`* ${branch}`);
}

export async function isNotABranch(g: GitRunner, dest: string): Promise<boolean> {
  return (await getBranches(g, dest)).some((b) => b.startsWith('* ') && (b.includes('no branch') || b.includes('detached from') || b.includes('detached at')));
}

const BAD_GITDIR = 'Current repo does not have a valid reference to a separate Git dir or it refers to the invalid path';

/** dest/.git, or the directory a `.git` file points to (submodules, separate_git_dir). */
export async function getRepoPath(g: GitRunner, dest: string, bare: boolean): Promise<string> {
  const repoPath = bare ? dest : posix.join(dest, '.git');
  const q = shellQuote(repoPath);
  const r = await g.shell(`if [ -f ${q} ]; then printf F; cat -- ${q}; fi`);
  if (!r.out.startsWith('F')) return repoPath;
  const data = r.out.slice(1).trimEnd();
  const at = data.indexOf('gitdir: ');
  if (at !== 0) throw new GitFailure(BAD_GITDIR, { details: at < 0 ? 'not enough values to unpack (expected 2, got 1)' : '.git file has invalid git dir reference format' });
  const gitdir = data.slice('gitdir: '.length);
  const path = gitdir.startsWith('/') ? gitdir : posix.join(dest, gitdir);
  if ((await g.shell(`[ -d ${shellQuote(path)} ]`)).rc !== 0) throw new GitFailure(BAD_GITDIR, { details: `${path} is not a directory` });
  return path;
}

/** head_splitter: the branch named by the first line of a HEAD file, or null when there is none. */
export function headSplitter(firstLine: string, remote: string): string | null {
  if (!firstLine) return null;
  const rawdata = firstLine.replace(`refs/remotes/${remote}`, '');
  const newref = rawdata.split(' ').pop() ?? '';
  const parts = splitMax(newref, '/', 2);
  return (parts[parts.length - 1] ?? '').replace(/\n+$/, '');
}

/** Python's str.split(sep, maxsplit). */
function splitMax(s: string, sep: string, max: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < max) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

/** The branch HEAD is on; for a detached HEAD, the branch of refs/remotes/REMOTE/HEAD. */
export async function getHeadBranch(g: GitRunner, dest: string, remote: string, bare = false): Promise<string | null> {
  const repoPath = await getRepoPath(g, dest, bare);
  const headfile = (await isNotABranch(g, dest)) ? posix.join(repoPath, 'refs', 'remotes', remote, 'HEAD') : posix.join(repoPath, 'HEAD');
  const q = shellQuote(headfile);
  const r = await g.shell(`if [ -e ${q} ]; then head -n1 -- ${q} || exit 3; fi`);
  if (r.rc === 3) throw new GitFailure(`Unable to read ${headfile}`);
  return headSplitter(r.out, remote);
}

/** get_remote_head: the SHA the remote has for version (a SHA-looking version is returned as is). */
export async function getRemoteHead(g: GitRunner, dest: string | null, version: string, remote: string, bare: boolean, repoParam: string, expandedRepo: string): Promise<string> {
  const cloning = remote === repoParam || remote === `file://${expandedRepo}`;
  const cwd = cloning ? null : dest;
  let args: string[];
  let tag = false;
  if (version === 'HEAD') {
    if (cloning) args = ['ls-remote', remote, '-h', 'HEAD'];
    else args = ['ls-remote', remote, '-h', `refs/heads/${(await getHeadBranch(g, dest ?? '', remote, bare)) ?? 'None'}`];
  } else if (await isRemoteBranch(g, dest, remote, version)) {
    args = ['ls-remote', remote, '-h', `refs/heads/${version}`];
  } else if (await isRemoteTag(g, dest, remote, version)) {
    tag = true;
    args = ['ls-remote', remote, '-t', `refs/tags/${version}*`];
  } else {
    return version;
  }
  const r = await g.checked(args, cwd ?? undefined);
  if (r.out.length < 1) throw new GitFailure(`Could not determine remote revision for ${version}`, { stdout: r.out, stderr: r.err, rc: r.rc });
  let out = r.out;
  if (tag) {
    for (const line of r.out.split('\n')) {
      if (line.endsWith(`${version}^{}`)) {
        out = line;
        break;
      } else if (line.endsWith(version)) out = line;
    }
  }
  return out.trim().split(/\s+/)[0] ?? '';
}

/** `git status --porcelain` lists tracked changes (untracked `??` lines do not count). */
export async function hasLocalMods(g: GitRunner, dest: string, bare: boolean): Promise<boolean> {
  if (bare) return false;
  const r = await g.git_(['status', '--porcelain'], dest);
  return r.out.split(/\r?\n/).some((l) => l !== '' && !l.startsWith('??'));
}

export async function getRemoteUrl(g: GitRunner, dest: string, remote: string): Promise<string | null> {
  const r = await g.git_(['ls-remote', '--get-url', remote], dest);
  if (r.rc !== 0) return null;
  return r.out.replace(/\n+$/, '');
}

/**
 * unfrackgitpath without the host's symlinks: normpath of the path made absolute against the
 * login directory (Ansible's realpath also resolves symlinks; kplay compares the strings).
 */
export function unfrackGitPath(path: string | null, home: string): string | null {
  if (path === null) return null;
  return posix.normalize(path.startsWith('/') ? path : posix.join(home, path)).replace(/(.)\/$/, '$1');
}
