#!/usr/bin/python
# WANT_JSON
# An old-style module: reads its arguments from the JSON file named on the command line.
import json
import sys

with open(sys.argv[1]) as f:
    args = json.load(f)
with open('/tmp/py-old-style', 'w') as out:
    out.write('%s\n' % args.get('greeting', 'none'))
print(json.dumps({'changed': True, 'greeting': args.get('greeting'), 'check': args.get('_ansible_check_mode')}))
