#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule

module = AnsibleModule(argument_spec=dict(x=dict(type='int')))
module.exit_json(changed=True, x=module.params['x'])
