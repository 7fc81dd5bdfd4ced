#!/usr/bin/python
# A role's own module, written for this test: records a desired state in a file (like kubespray's `kube`).
import os
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='str', required=True),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            replicas=dict(type='int', default=1),
            labels=dict(type='dict', default={}),
            path=dict(type='path', default='/tmp/py-kube-state'),
            token=dict(type='str', no_log=True),
        ),
        supports_check_mode=True,
    )
    p = module.params
    want = '%s %d %s\n' % (p['name'], p['replicas'], ','.join('%s=%s' % kv for kv in sorted(p['labels'].items())))
    have = ''
    if os.path.exists(p['path']):
        with open(p['path']) as f:
            have = f.read()
    if p['state'] == 'absent':
        want = ''
    changed = have != want
    diff = dict(before=have, after=want, before_header=p['path'], after_header=p['path'])
    if changed and not module.check_mode:
        with open(p['path'], 'w') as f:
            f.write(want)
    module.exit_json(changed=changed, diff=diff, state=p['state'], content=to_text(want), check=module.check_mode)


if __name__ == '__main__':
    main()
