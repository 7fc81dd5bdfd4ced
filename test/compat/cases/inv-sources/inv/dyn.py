#!/usr/bin/env python3
import json, sys
if sys.argv[1:] == ['--list']:
    print(json.dumps({
        "dyn": {"hosts": ["dyn1", "dyn2"], "vars": {"dyn_group_var": [1, 2]}, "children": ["dynchild"]},
        "dynchild": ["dyn3"],
        "web": {"hosts": ["dyn2"]},
        "_meta": {"hostvars": {"dyn1": {"dyn_host_var": {"k": "v"}}, "dyn3": {"n": 3}}},
    }))
else:
    print("{}")
