import { describe, expect, it } from 'vitest';
import { aptPackages } from './package_facts.js';

const ALL = ` 100 /var/lib/dpkg/status
     release a=now
 500 file:/opt/kplay-apt-repo ./ Packages
     release o=kplay-test,l=kplay-test,c=
Pinned packages:
`;
const NAMES = `bash:
  Installed: 5.2.15-2+b8
  Candidate: 5.2.15-2+b8
  Version table:
 *** 5.2.15-2+b8 100
        100 /var/lib/dpkg/status
kplay-dep:
  Installed: 0.1
  Candidate: 0.1
  Version table:
 *** 0.1 500
        500 file:/opt/kplay-apt-repo ./ Packages
        100 /var/lib/dpkg/status
`;
const DPKG = 'installed\tbash\tamd64\t5.2.15-2+b8\tshells\ninstalled\tkplay-dep\tall\t0.1\tmisc\nconfig-files\tkplay-old\tall\t1\tmisc\n';

describe('package_facts (apt) as python-apt reports installed packages', () => {
  it('names, versions, arch, section, origin of the installed version', () => {
    expect(aptPackages(DPKG, ALL, NAMES)).toEqual({
      bash: [{ name: 'bash', version: '5.2.15-2+b8', arch: 'amd64', category: 'shells', origin: '', source: 'apt' }],
      'kplay-dep': [{ name: 'kplay-dep', version: '0.1', arch: 'all', category: 'misc', origin: 'kplay-test', source: 'apt' }],
    });
  });
});
