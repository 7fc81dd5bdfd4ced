import { describe, expect, it } from 'vitest';
import { expandGlobs, packageSplit, packageStatus, parseDpkgQuery, parsePolicy } from './apt-cache.js';
import { asShell, installCommand, parseDiff, removeCommand, upgradeCommand, expandDpkgOptions, DPKG_OPTIONS } from './apt-commands.js';
import { compareDebVersions } from './deb-version.js';

describe('Debian version order (dpkg --compare-versions)', () => {
  it.each([
    ['1.0', '1.0', 0],
    ['1.0-1', '1.0-2', -1],
    ['1:0.1', '2.0', 1],
    ['1.0~rc1', '1.0', -1],
    ['1.0', '1.0+b1', -1],
    ['1.10', '1.9', 1],
    ['2.0a', '2.0', 1],
    ['1.2.3-1ubuntu1', '1.2.3-1', 1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareDebVersions(a, b))).toBe(sign);
  });
});

const POLICY = `kplay-hello:
  Installed: 1.0-1
  Candidate: 2.0-1
  Version table:
     2.0-1 500
        500 file:/opt/kplay-apt-repo ./ Packages
 *** 1.0-1 500
        500 file:/opt/kplay-apt-repo ./ Packages
        100 /var/lib/dpkg/status
virtual-thing:
  Installed: (none)
  Candidate: (none)
  Version table:
`;

describe('apt-cache policy and dpkg-query as python-apt would see them', () => {
  const view = { policy: parsePolicy(POLICY), installed: parseDpkgQuery('kplay-hello\tinstalled\t1.0-1\nkplay-old\tconfig-files\t0.5\n') };
  it('reads candidates and version tables', () => {
    expect(view.policy.get('kplay-hello')).toEqual({ candidate: '2.0-1', versions: [{ version: '2.0-1', priority: 500 }, { version: '1.0-1', priority: 500 }] });
    expect(view.policy.get('virtual-thing')).toEqual({ candidate: null, versions: [] });
  });
  it('package_status: plain, =glob, >= and unknown names', () => {
    expect(packageStatus(view, 'kplay-hello', null, null)).toMatchObject({ installed: true, versionInstalled: true, installable: '2.0-1' });
    expect(packageStatus(view, 'kplay-hello', '=', '1.0*')).toMatchObject({ versionInstalled: true, installable: null });
    expect(packageStatus(view, 'kplay-hello', '=', '2.*')).toMatchObject({ versionInstalled: false, installable: '2.0-1' });
    expect(packageStatus(view, 'kplay-hello', '=', '9.9')).toMatchObject({ versionInstalled: false, installable: null });
    expect(packageStatus(view, 'kplay-hello', '>=', '1.5')).toMatchObject({ versionInstalled: false, installable: '2.0-1' });
    expect(packageStatus(view, 'nosuch', null, null)).toMatchObject({ known: false, virtual: false });
    expect(packageStatus(view, 'virtual-thing', null, null)).toMatchObject({ known: false, virtual: true });
    expect(packageStatus(view, 'kplay-old', null, null).hasFiles).toBe(true);
  });
  it('package_split and globs', () => {
    expect(packageSplit('a>=1.0')).toEqual({ name: 'a', cmp: '>=', version: '1.0' });
    expect(packageSplit('a=1:2=3')).toEqual({ name: 'a', cmp: '=', version: '1:2=3' });
    expect(expandGlobs(['kplay-*', 'x=1'], ['kplay-a', 'kplay-b:i386', 'other'])).toEqual({ specs: ['kplay-a', 'x=1'] });
    expect(expandGlobs(['zz*'], ['a']).error).toBe("No package(s) matching 'zz*' available");
  });
});

describe("the apt module's command lines", () => {
  const base = {
    aptGet: '/usr/bin/apt-get', dpkgOptions: expandDpkgOptions(DPKG_OPTIONS), onlyUpgrade: false, fixed: false, force: false, autoremove: false, failOnAutoremove: false,
    check: false, buildDep: false, defaultRelease: null, installRecommends: null, allowUnauthenticated: false, allowDowngrade: false, allowChangeHeld: false,
  };
  it('install, exactly as Ansible formats it (its messages quote it)', () => {
    expect(installCommand(base, ['a=1.0', 'b'])).toBe(`/usr/bin/apt-get -y -o "Dpkg::Options::=--force-confdef" -o "Dpkg::Options::=--force-confold"       install 'a=1.0' 'b'`);
    expect(installCommand({ ...base, check: true, defaultRelease: 'bookworm', installRecommends: false, allowDowngrade: true }, ['a'])).toBe(
      `/usr/bin/apt-get -y -o "Dpkg::Options::=--force-confdef" -o "Dpkg::Options::=--force-confold"      --simulate install 'a' -t 'bookworm' -o APT::Install-Recommends=no --allow-downgrades`,
    );
  });
  it('remove and upgrade', () => {
    expect(removeCommand('/usr/bin/apt-get', '-o x', true, false, true, false, ['a'])).toBe(`/usr/bin/apt-get -q -y -o x --purge  --auto-remove  remove 'a'`);
    const plan = upgradeCommand('dist', { aptGet: '/usr/bin/apt-get', aptitude: null, forceAptGet: false, dpkgOptions: '-o x', force: false, autoremove: false, failOnAutoremove: false, allowUnauthenticated: false, allowDowngrade: false, check: true, defaultRelease: null });
    expect(plan).toMatchObject({ cmd: '/usr/bin/apt-get -y -o x     --simulate dist-upgrade ', aptitude: false });
  });
  it('runs the shlex-split words, each quoted for sh', () => {
    expect(asShell(`/usr/bin/apt-get -y -o "Dpkg::Options::=--force-confdef" install 'a;rm -rf /'`)).toBe(`/usr/bin/apt-get -y -o Dpkg::Options::=--force-confdef install 'a;rm -rf /'`);
  });
  it('parse_diff keeps what apt-get prints between its headers and the summary', () => {
    const out = 'Reading package lists...\nBuilding dependency tree...\nReading state information...\nThe following NEW packages will be installed:\n  a\n0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.\nInst a\n';
    expect(parseDiff(out)).toEqual({ prepared: 'The following NEW packages will be installed:\n  a\n0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.' });
  });
});
