#!/usr/bin/python
# Returns facts with and without the ansible_ prefix, a nested one, ansible_local, and keys
# Ansible refuses at the top level (connection variables, interpreters).
from ansible.module_utils.basic import AnsibleModule

module = AnsibleModule(argument_spec=dict(tag=dict(type='str', default='one')), supports_check_mode=True)
module.exit_json(changed=False, ansible_facts={
    'plain_fact': module.params['tag'],
    'ansible_pref_fact': 2,
    'ansible_local': {'mine': {'x': 1}},
    'nested': {'ansible_inner': 3},
    'ansible_port': 2222,
    'ansible_ssh_pretend': 'no',
    'ansible_perl_interpreter': '/bad/perl',
})
