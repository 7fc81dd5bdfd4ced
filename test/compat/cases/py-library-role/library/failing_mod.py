#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule

module = AnsibleModule(argument_spec=dict(why=dict(type='str')))
module.fail_json(msg='failed on purpose: %s' % module.params['why'], rc=3)
