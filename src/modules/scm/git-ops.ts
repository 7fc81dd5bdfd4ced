// The git module's changing steps (clone, fetch, checkout, submodules), as ansible-core 2.14's git.py runs them.
import { posix } from 'node:path';
import { shellQuote } from '../../connection/quote.js';
import { getHeadBranch, getRemoteUrl, isLocalBranch, isRemoteBranch, isRemoteTag, unfrackGitPath } from './git-refs.js';
import { GitFailure, type GitRunner } from './git-runner.js';

export interface GitParams {
  readonly repo: string;
  readonly dest: string;
  readonly version: string;
  readonly remote: string;
  readonly refspec: string | null;
  readonly reference: string | null;
  readonly depth: number | null;
  readonly bare: boolean;
  readonly force: boolean;
  readonly singleBranch: boolean;
  readonly separateGitDir: string | null;
  readonly trackSubmodules: boolean;
  /** verify_commit's gpg_whitelist, or undefined when signatures are not checked. */
  readonly verifyWith: readonly string[] | undefined;
  /** The login directory: relative paths and unfrackgitpath resolve against it. */
  readonly home: string;
}

export async function clone(g: GitRunner, p: GitParams, warnings: string[]): Promise<void> {
  const destDir = posix.dirname(p.dest);
  await g.shell(`mkdir -p -- ${shellQuote(destDir)} 2>/dev/null`);
  const args = ['clone'];
  if (p.bare) args.push('--bare');
  else args.push('--origin', p.remote);
  const isBranchOrTag = (await isRemoteBranch(g, p.dest, p.repo, p.version)) || (await isRemoteTag(g, p.dest, p.repo, p.version));
  if (p.depth) {
    if (p.version === 'HEAD' || p.refspec) args.push('--depth', String(p.depth));
    else if (isBranchOrTag) args.push('--depth', String(p.depth), '--branch', p.version);
    else warnings.push('Ignoring depth argument. Shallow clones are only available for HEAD, branches, tags or in combination with refspec.');
  }
  if (p.reference) args.push('--reference', p.reference);
  if (p.singleBranch) {
    args.push('--single-branch');
    if (isBranchOrTag) args.push('--branch', p.version);
  }
  if (p.separateGitDir) args.push(`--separate-git-dir=${p.separateGitDir}`);
  args.push(p.repo, p.dest);
  await g.checked(args, destDir);
  if (p.bare && p.remote !== 'origin') await g.checked(['remote', 'add', p.remote, p.repo], p.dest);
  if (p.refspec) {
    const fetchArgs = ['fetch'];
    if (p.depth) fetchArgs.push('--depth', String(p.depth));
    fetchArgs.push(p.remote, p.refspec);
    await g.checked(fetchArgs, p.dest);
  }
  if (p.verifyWith) await verifyCommitSign(g, p.dest, p.version, p.verifyWith);
}

/** set_remote_url: points the remote at repo; true when an existing URL changed. */
export async function setRemoteUrl(g: GitRunner, p: GitParams): Promise<boolean> {
  const url = await getRemoteUrl(g, p.dest, p.remote);
  if (url === p.repo || unfrackGitPath(url, p.home) === unfrackGitPath(p.repo, p.home)) return false;
  const r = await g.git_(['remote', 'set-url', p.remote, p.repo], p.dest);
  if (r.rc !== 0) throw new GitFailure(`Failed to set a new url ${p.repo} for ${p.remote}: ${r.out} ${r.err}`);
  return url !== null;
}

export async function fetch(g: GitRunner, p: GitParams, version: string, refspec: string | null, force = false): Promise<void> {
  await setRemoteUrl(g, p);
  const cmd = ['fetch'];
  let refspecs: string[] = [];
  if (p.depth) {
    const currentHead = await getHeadBranch(g, p.dest, p.remote);
    if (refspec) refspecs.push(refspec);
    else if (version === 'HEAD') refspecs.push(currentHead ?? 'None');
    else if (await isRemoteBranch(g, p.dest, p.repo, version)) {
      if (currentHead !== version) refspecs.push(`+refs/heads/${version}:refs/heads/${version}`);
      refspecs.push(`+refs/heads/${version}:refs/remotes/${p.remote}/${version}`);
    } else if (await isRemoteTag(g, p.dest, p.repo, version)) refspecs.push(`+refs/tags/${version}:refs/tags/${version}`);
    if (refspecs.length) cmd.push('--depth', String(p.depth));
  }
  if (!p.depth || !refspecs.length) {
    if (p.bare) refspecs = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];
    else cmd.push('--tags');
    if (refspec) refspecs.push(refspec);
  }
  if (force) cmd.push('--force');
  cmd.push(p.remote, ...refspecs);
  const r = await g.git_(cmd, p.dest);
  if (r.rc !== 0) throw new GitFailure(`Failed to download remote objects and refs: ${r.out} ${r.err}`, { cmd: [g.git, ...cmd] });
}

async function mustRun(g: GitRunner, args: string[], dest: string, msg: string, withCmd = false): Promise<void> {
  const r = await g.git_(args, dest);
  if (r.rc !== 0) throw new GitFailure(msg, { stdout: r.out, stderr: r.err, rc: r.rc, ...(withCmd ? { cmd: [g.git, ...args].join(' ') } : {}) });
}

/** switch_version: check out the branch, tag or SHA (a branch is reset to the remote's). */
export async function switchVersion(g: GitRunner, p: GitParams): Promise<void> {
  await checkOut(g, p);
  if (p.verifyWith) await verifyCommitSign(g, p.dest, p.version, p.verifyWith);
}

async function checkOut(g: GitRunner, p: GitParams): Promise<void> {
  const { dest, remote, version } = p;
  if (version === 'HEAD') {
    const branch = (await getHeadBranch(g, dest, remote)) ?? 'None';
    await mustRun(g, ['checkout', '--force', branch], dest, `Failed to checkout branch ${branch}`);
    await mustRun(g, ['reset', '--hard', `${remote}/${branch}`, '--'], dest, `Failed to checkout branch ${branch}`, true);
    return;
  }
  if (await isRemoteBranch(g, dest, remote, version)) {
    if (p.depth && !(await isLocalBranch(g, dest, version))) {
      // A shallow clone holds one branch: fetch this one before checking it out.
      const r = await g.git_(['fetch', `--depth=${p.depth}`, remote, `+refs/heads/${version}:refs/heads/${version}`, `+refs/heads/${version}:refs/remotes/${remote}/${version}`], dest);
      if (r.rc !== 0) throw new GitFailure(`Failed to fetch branch from remote: ${version}`, { stdout: r.out, stderr: r.err, rc: r.rc });
    }
    if (!(await isLocalBranch(g, dest, version))) {
      await mustRun(g, ['checkout', '--track', '-b', version, `${remote}/${version}`], dest, `Failed to checkout ${version}`, true);
    } else {
      await mustRun(g, ['checkout', '--force', version], dest, `Failed to checkout branch ${version}`);
      await mustRun(g, ['reset', '--hard', `${remote}/${version}`], dest, `Failed to checkout ${version}`, true);
    }
    return;
  }
  await mustRun(g, ['checkout', '--force', version], dest, `Failed to checkout ${version}`, true);
}

/** get_diff: Ansible's `prepared` text between two SHAs (fetching the target first, even in check mode). */
export async function getDiff(g: GitRunner, p: GitParams, before: string | null, after: string): Promise<Record<string, string>> {
  if (before === null) return { prepared: `>> Newly checked out ${after}` };
  if (before === after) return {};
  await fetch(g, p, after, '');
  const r = await g.git_(['diff', before, after], p.dest);
  if (r.rc === 0 && r.out) return { prepared: r.out };
  if (r.rc === 0) return { prepared: `>> No visual differences between ${before} and ${after}` };
  if (r.err) return { prepared: `>> Failed to get proper diff between ${before} and ${after}:\n>> ${r.err}` };
  return { prepared: `>> Failed to get proper diff between ${before} and ${after}` };
}

async function submoduleVersions(g: GitRunner, dest: string, version = 'HEAD'): Promise<Record<string, string>> {
  const r = await g.git_(['submodule', 'foreach', g.git, 'rev-parse', version], dest);
  if (r.rc !== 0) throw new GitFailure('Unable to determine hashes of submodules', { stdout: r.out, stderr: r.err, rc: r.rc });
  const out: Record<string, string> = {};
  let name: string | null = null;
  for (const line of r.out.split(/\r?\n/).filter((l, i, all) => l !== '' || i < all.length - 1)) {
    if (line.startsWith("Entering '")) name = line.slice(10, -1);
    else if (line.trim().length === 40 && name !== null) {
      out[name] = line.trim();
      name = null;
    } else throw new GitFailure(`Unable to parse submodule hash line: ${line.trim()}`);
  }
  if (name !== null) throw new GitFailure(`Unable to find hash for submodule: ${name}`);
  return out;
}

/** submodules_fetch: true when a submodule is new or behind what it should be. */
export async function submodulesFetch(g: GitRunner, p: GitParams): Promise<boolean> {
  const gm = shellQuote(posix.join(p.dest, '.gitmodules'));
  const r = await g.shell(`[ -e ${gm} ] || exit 3; cat -- ${gm}`);
  if (r.rc === 3) return false;
  for (const line of r.out.split('\n')) {
    if (!line.trim().startsWith('path')) continue;
    const path = (line.split('=').slice(1).join('=') ?? '').trim();
    if (!(await g.exists(posix.join(p.dest, path, '.git')))) return true;
  }
  const begin = await submoduleVersions(g, p.dest);
  await g.checked(['submodule', 'foreach', g.git, 'fetch'], p.dest);
  if (p.trackSubmodules) {
    const after = await submoduleVersions(g, p.dest, `${p.remote}/master`);
    return JSON.stringify(begin) !== JSON.stringify(after);
  }
  const st = await g.checked(['submodule', 'status'], p.dest);
  return st.out.split(/\r?\n/).some((l) => l !== '' && l[0] !== ' ');
}

/** submodule_update: sync, then init and update every submodule (--remote when tracking). */
export async function submoduleUpdate(g: GitRunner, p: GitParams): Promise<void> {
  if (!(await g.exists(posix.join(p.dest, '.gitmodules')))) return;
  await g.checked(['submodule', 'sync'], p.dest);
  const args = ['submodule', 'update', '--init', '--recursive', ...(p.trackSubmodules ? ['--remote'] : []), ...(p.force ? ['--force'] : [])];
  const r = await g.git_(args, p.dest);
  if (r.rc !== 0) throw new GitFailure(`Failed to init/update submodules: ${r.out}${r.err}`);
}

async function annotatedTags(g: GitRunner, dest: string): Promise<string[]> {
  const r = await g.git_(['for-each-ref', 'refs/tags/', '--format', '%(objecttype):%(refname:short)'], dest);
  if (r.rc !== 0) throw new GitFailure(`Could not determine tag data - received ${r.out}`, { stdout: r.out, stderr: r.err });
  return r.out
    .split('\n')
    .map((l) => l.trim().split(':'))
    .filter(([type]) => type === 'tag')
    .map(([, name]) => name ?? '');
}

/** get_gpg_fingerprint: the primary key's fingerprint from gpg's VALIDSIG status line. */
function gpgFingerprint(output: string): string | null {
  for (const line of output.split(/\r?\n/)) {
    const data = line.trim().split(/\s+/);
    if (data[1] !== 'VALIDSIG') continue;
    return data[data.length === 11 ? 11 : 2] ?? null;
  }
  return null;
}

/** verify_commit_sign: `git verify-tag` for annotated tags, else `git verify-commit`; gpg_whitelist checks the key. */
export async function verifyCommitSign(g: GitRunner, dest: string, version: string, whitelist: readonly string[]): Promise<void> {
  const sub = (await annotatedTags(g, dest)).includes(version) ? 'verify-tag' : 'verify-commit';
  const r = await g.git_([sub, version, ...(whitelist.length ? ['--raw'] : [])], dest);
  if (r.rc !== 0) throw new GitFailure(`Failed to verify GPG signature of commit/tag "${version}"`, { stdout: r.out, stderr: r.err, rc: r.rc });
  if (whitelist.length) {
    const fp = gpgFingerprint(r.err);
    if (fp === null || !whitelist.includes(fp)) {
      throw new GitFailure(`The gpg_whitelist does not include the public key "${fp ?? 'None'}" for this commit`, { stdout: r.out, stderr: r.err, rc: r.rc });
    }
  }
}
