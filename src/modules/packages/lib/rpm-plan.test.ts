import { describe, expect, it } from 'vitest';
import { validateArgs } from '../../argspec.js';
import { rpmArgs, rpmSpec } from './rpm-module.js';
import { installedProbe, planRpm, type RpmArgs } from './rpm-plan.js';

function args(tool: 'dnf' | 'yum', given: Record<string, unknown>): RpmArgs {
  const a = rpmArgs(validateArgs(tool, rpmSpec(tool), given));
  if ('error' in a) throw new Error(a.error);
  return a;
}

describe('dnf/yum: what runs for which arguments', () => {
  it('installs only what rpm does not have; files and groups always go to the tool', () => {
    const plan = planRpm(args('dnf', { name: ['httpd', 'vim-enhanced', '/tmp/x.rpm', '@Development Tools'] }), new Set(['vim-enhanced']), 'dnf');
    expect(plan.commands).toEqual([
      ['dnf', '-y', 'install', 'httpd', '/tmp/x.rpm'],
      ['dnf', '-y', 'group', 'install', 'Development Tools'],
    ]);
  });
  it('nothing to do when everything is installed', () => {
    expect(planRpm(args('dnf', { name: 'httpd' }), new Set(['httpd']), 'dnf').commands).toEqual([]);
  });
  it('latest upgrades installed names and installs the rest; * upgrades everything', () => {
    expect(planRpm(args('yum', { name: 'a,b', state: 'latest' }), new Set(['a']), 'yum').commands).toEqual([
      ['yum', '-y', 'upgrade', 'a'],
      ['yum', '-y', 'install', 'b'],
    ]);
    expect(planRpm(args('dnf', { name: '*', state: 'latest', update_only: true }), new Set(), 'dnf').commands).toEqual([['dnf', '-y', 'upgrade']]);
  });
  it('removed/absent removes installed names only; autoremove alone', () => {
    expect(planRpm(args('dnf', { name: ['a', 'b'], state: 'removed' }), new Set(['b']), 'dnf').commands).toEqual([['dnf', '-y', 'remove', 'b']]);
    expect(planRpm(args('dnf', { autoremove: true }), new Set(), 'dnf').commands).toEqual([['dnf', '-y', 'autoremove']]);
    expect(rpmArgs(validateArgs('dnf', rpmSpec('dnf'), { name: 'a', state: 'present', autoremove: true }))).toEqual({ error: 'Autoremove should be used alone or with state=absent' });
  });
  it('repository, gpg, weak-deps and download options', () => {
    const a = args('dnf', { name: 'a', enablerepo: 'epel,crb', disablerepo: ['*'], disable_gpg_check: true, install_weak_deps: false, allowerasing: true, download_only: true, download_dir: '/d', releasever: '9', installroot: '/mnt' });
    expect(planRpm(a, new Set(), 'dnf').commands[0]).toEqual(['dnf', '-y', '--installroot=/mnt', '--releasever=9', '--disablerepo=*', '--enablerepo=epel,crb', '--nogpgcheck', '--setopt=install_weak_deps=False', '--allowerasing', '--downloadonly', '--downloaddir=/d', 'install', 'a']);
    expect(planRpm(args('yum', { update_cache: true }), new Set(), 'yum').commands).toEqual([['yum', '-y', 'makecache']]);
  });
  it('argument rules as Ansible states them', () => {
    expect(() => validateArgs('dnf', rpmSpec('dnf'), { name: 'a', list: 'installed' })).toThrow('mutually exclusive');
    expect(() => validateArgs('dnf', rpmSpec('dnf'), { name: 'a', state: 'gone' })).toThrow('value of state must be one of');
  });
  it('the probe quotes every name', () => {
    expect(installedProbe(["a'b", '@g', 'x.rpm'])).toBe(`rpm -q --whatprovides 'a'"'"'b' >/dev/null 2>&1 && printf '%s\\n' 'a'"'"'b'`);
  });
});
