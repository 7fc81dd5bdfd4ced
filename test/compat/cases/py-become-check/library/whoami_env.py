#!/usr/bin/python
# Reports who runs it and what the task's environment gave it; changes nothing.
import os
import pwd
from ansible.module_utils.basic import AnsibleModule

module = AnsibleModule(argument_spec=dict(var=dict(type='str', default='PY_TEST_VAR')), supports_check_mode=True)
module.exit_json(changed=False, user=pwd.getpwuid(os.geteuid()).pw_name, value=os.environ.get(module.params['var']), check=module.check_mode, diff_mode=module._diff)
