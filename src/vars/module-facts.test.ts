import { describe, expect, it } from 'vitest';
import { cleanFacts, namespaceFacts } from './module-facts.js';

// What ansible-core 2.14 gave for these facts returned by a library module (py-module-facts).
const RETURNED = {
  plain_fact: 'one',
  ansible_pref_fact: 2,
  ansible_local: { mine: { x: 1 } },
  nested: { ansible_inner: 3 },
  ansible_port: 2222,
  ansible_ssh_pretend: 'no',
  ansible_perl_interpreter: '/bad/perl',
  ansible_ssh_host_key_rsa_public: 'AAAA',
  _ansible_no_log: false,
};

describe('facts a module returns', () => {
  it('ansible_facts drops the ansible_ prefix (not from ansible_local or nested keys)', () => {
    expect(namespaceFacts(RETURNED)).toMatchObject({ plain_fact: 'one', pref_fact: 2, ansible_local: { mine: { x: 1 } }, nested: { ansible_inner: 3 }, port: 2222, perl_interpreter: '/bad/perl' });
  });

  it('top-level variables keep the names as returned, minus connection, interpreter and internal keys', () => {
    const { vars, removed } = cleanFacts(RETURNED);
    expect(vars).toEqual({ plain_fact: 'one', ansible_pref_fact: 2, ansible_local: { mine: { x: 1 } }, nested: { ansible_inner: 3 }, ansible_ssh_host_key_rsa_public: 'AAAA' });
    expect(removed.sort()).toEqual(['ansible_perl_interpreter', 'ansible_port', 'ansible_ssh_pretend']);
  });
});
