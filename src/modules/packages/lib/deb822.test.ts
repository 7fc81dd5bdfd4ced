import { describe, expect, it } from 'vitest';
import { deb822Slug, fieldName, renderDeb822 } from './deb822.js';

describe('deb822_repository rendering', () => {
  it('slugs and field names as the module makes them', () => {
    expect(deb822Slug('Docker CE_stable!')).toBe('docker-ce-stable');
    expect(fieldName('check_valid_until')).toBe('Check-Valid-Until');
    expect(fieldName('name')).toBe('X-Repolib-Name');
    expect(fieldName('uris')).toBe('URIs');
    expect(fieldName('inrelease_path')).toBe('Inrelease-Path');
  });
  it('fields in the order of the sorted option names, yes/no, joined lists, an inline key indented with dots for blank lines', () => {
    const key = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZ\n-----END PGP PUBLIC KEY BLOCK-----\n';
    expect(renderDeb822({ name: 'kubernetes', types: ['deb'], uris: ['https://pkgs.k8s.io/core:/stable:/v1.28/deb/'], suites: ['/'], enabled: true, install_python_debian: true, date_max_future: 10, signed_by: key, components: null })).toBe(
      [
        'Date-Max-Future: 10',
        'Enabled: yes',
        'Install-Python-Debian: yes',
        'X-Repolib-Name: kubernetes',
        'Signed-By:',
        '    -----BEGIN PGP PUBLIC KEY BLOCK-----',
        '    .',
        '    mDMEZ',
        '    -----END PGP PUBLIC KEY BLOCK-----',
        'Suites: /',
        'Types: deb',
        'URIs: https://pkgs.k8s.io/core:/stable:/v1.28/deb/',
        '',
      ].join('\n'),
    );
  });
});
