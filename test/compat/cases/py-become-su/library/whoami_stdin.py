#!/usr/bin/python
# Reports who runs it and echoes an argument: proves the payload and its arguments arrived.
import os
import pwd
from ansible.module_utils.basic import AnsibleModule

module = AnsibleModule(argument_spec=dict(text=dict(type='str', required=True), path=dict(type='path')), supports_check_mode=True)
if module.params['path'] and not module.check_mode:
    with open(module.params['path'], 'w') as f:
        f.write(module.params['text'] + '\n')
module.exit_json(changed=bool(module.params['path']), user=pwd.getpwuid(os.geteuid()).pw_name, text=module.params['text'])
