// The git module's `archive` option: `git archive` of the checked-out version, replacing the
// file only when its bytes differ (Ansible's create_archive).
import { posix } from 'node:path';
import { shellQuote } from '../../connection/quote.js';
import type { ModuleResult } from '../types.js';
import type { GitParams } from './git-ops.js';
import { GitFailure, type GitRunner } from './git-runner.js';

const FORMATS: Readonly<Record<string, string>> = { '.zip': 'zip', '.gz': 'tar.gz', '.tar': 'tar', '.tgz': 'tgz' };

/** os.path.splitext's extension: the last dot of the base name, not a leading one. */
function extension(path: string): string {
  const base = posix.basename(path);
  const dot = base.lastIndexOf('.');
  return dot > 0 && base.slice(0, dot).replace(/\./g, '') !== '' ? base.slice(dot) : '';
}

async function gitArchive(g: GitRunner, p: GitParams, output: string, format: string, prefix: string | null, archive: string): Promise<void> {
  const args = ['archive', '--format', format, '--output', output, ...(prefix !== null ? ['--prefix', prefix] : []), p.version];
  const r = await g.git_(args, p.dest);
  if (r.rc !== 0) {
    throw new GitFailure('Failed to perform archive operation', { details: `Git archive command failed to create archive ${archive} using ${p.dest} directory.Error: ${r.err}` });
  }
}

export async function createArchive(g: GitRunner, p: GitParams, archive: string, prefix: string | null, result: ModuleResult): Promise<void> {
  const format = FORMATS[extension(archive)];
  if (!format) {
    throw new GitFailure(`Unable to get file extension from archive file name : ${archive}`, {
      details: "Please specify archive as filename with extension. File extension can be one of ['tar', 'tar.gz', 'zip', 'tgz']",
    });
  }
  if (!(await g.exists(archive))) {
    await gitArchive(g, p, archive, format, prefix, archive);
    result.changed = true;
    return;
  }
  const tmp = (await g.shell('mktemp -d')).out.trim();
  if (!tmp) throw new GitFailure('Failed to perform archive operation', { details: 'mktemp -d failed' });
  const repoName = (p.repo.split('/').pop() ?? '').replace(/\.git/g, '');
  const fresh = `${tmp}/${repoName}.${format}`;
  try {
    await gitArchive(g, p, fresh, format, prefix, archive);
    const same = (await g.shell(`cmp -s -- ${shellQuote(fresh)} ${shellQuote(archive)}`)).rc === 0;
    if (same) {
      result.changed = false;
      return;
    }
    const mv = await g.shell(`mv -f -- ${shellQuote(fresh)} ${shellQuote(archive)}`);
    if (mv.rc !== 0) throw new GitFailure(`Failed to move ${fresh} to ${archive}`, { details: `Error occurred while moving : ${mv.err.trim()}` });
    result.changed = true;
  } finally {
    await g.shell(`rm -rf -- ${shellQuote(tmp)}`);
  }
}
