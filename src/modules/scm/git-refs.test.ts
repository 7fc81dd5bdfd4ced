import { describe, expect, it } from 'vitest';
import { headSplitter, unfrackGitPath } from './git-refs.js';

describe('git head_splitter', () => {
  it('reads the branch from HEAD, keeping slashes in branch names', () => {
    expect(headSplitter('ref: refs/heads/main\n', 'origin')).toBe('main');
    expect(headSplitter('ref: refs/heads/feature/x\n', 'origin')).toBe('feature/x');
  });

  it("reads the branch from refs/remotes/REMOTE/HEAD once the remote's prefix is dropped", () => {
    expect(headSplitter('ref: refs/remotes/upstream/develop\n', 'upstream')).toBe('develop');
  });

  it('has no branch for an empty or missing HEAD file', () => {
    expect(headSplitter('', 'origin')).toBeNull();
  });
});

describe('git unfrackgitpath', () => {
  it('normalizes paths against the login directory', () => {
    expect(unfrackGitPath('/tmp//a/../b/', '/root')).toBe('/tmp/b');
    expect(unfrackGitPath('file:///tmp/b', '/root')).toBe('/root/file:/tmp/b');
    expect(unfrackGitPath(null, '/root')).toBeNull();
  });
});
