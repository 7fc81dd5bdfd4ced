#!/usr/bin/python3
"""Renders templates with ansible-core's real Templar (the reference for kplay's templating).

stdin: JSON {"vars": {...}, "basedir": "/path", "cases": [{"t": "...", "mode": "template|conditional|file"}]}
Values {"__unsafe__": "text"} in vars become AnsibleUnsafeText.
stdout: JSON list, one per case: {"ok": true, "type": "int", "value": ...} or {"ok": false, "error": "..."}
"""
import json
import sys
import warnings

warnings.filterwarnings('ignore')

from ansible.parsing.dataloader import DataLoader
from ansible.playbook.conditional import Conditional
from ansible.template import Templar, AnsibleEnvironment
from ansible.utils.unsafe_proxy import AnsibleUnsafeText
from ansible.utils.display import Display
from ansible.vars.hostvars import HostVars, HostVarsVars
from ansible.template.native_helpers import AnsibleUndefined

Display().verbosity = -1


def decode(v):
    if isinstance(v, dict):
        if set(v) == {'__unsafe__'}:
            return AnsibleUnsafeText(v['__unsafe__'])
        return {k: decode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [decode(x) for x in v]
    return v


class FixtureHostVars(HostVars):
    """hostvars as ansible-core presents it (each host's variables templated on access), from plain data."""

    def __init__(self, data, loader):
        self._data = data
        self._loader = loader

    def __getitem__(self, host):
        if host not in self._data:
            return AnsibleUndefined(name="hostvars['%s']" % host)
        return HostVarsVars(self._data[host], loader=self._loader)

    def __contains__(self, host):
        return host in self._data

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)


def type_name(v):
    if isinstance(v, bool):
        return 'bool'
    if isinstance(v, int):
        return 'int'
    if isinstance(v, float):
        return 'float'
    if isinstance(v, str):
        return 'str'
    if v is None:
        return 'NoneType'
    if isinstance(v, dict):
        return 'dict'
    if isinstance(v, (list, tuple)):
        return 'list'
    return type(v).__name__


def encode(v):
    if isinstance(v, float):
        if v != v or v in (float('inf'), float('-inf')):
            return {'$float': repr(v)}
        return v
    if isinstance(v, dict):
        return {str(k): encode(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)):
        return [encode(x) for x in v]
    if isinstance(v, (str, int, bool)) or v is None:
        return str(v) if isinstance(v, str) else v
    return repr(v)


def run_case(loader, variables, case):
    mode = case.get('mode', 'template')
    t = case['t']
    templar = Templar(loader=loader, variables=variables)
    if mode == 'template':
        return templar.template(t)
    if mode == 'conditional':
        cond = Conditional(loader=loader)
        cond.when = t if isinstance(t, list) else [t]
        return bool(cond.evaluate_conditional(templar, variables))
    if mode == 'file':
        ft = templar.copy_with_new_env(environment_class=AnsibleEnvironment, available_variables=variables)
        return ft.do_template(t, preserve_trailing_newlines=True, escape_backslashes=False)
    raise ValueError(mode)


def main():
    req = json.load(sys.stdin)
    loader = DataLoader()
    if req.get('basedir'):
        loader.set_basedir(req['basedir'])
    variables = decode(req.get('vars', {}))
    if isinstance(variables.get('hostvars'), dict):
        variables['hostvars'] = FixtureHostVars(variables['hostvars'], loader)
    out = []
    for case in req['cases']:
        try:
            v = run_case(loader, variables, case)
            out.append({'ok': True, 'type': type_name(v), 'value': encode(v)})
        except Exception as e:  # the message is what users see
            out.append({'ok': False, 'error': str(getattr(e, 'message', None) or e), 'etype': type(e).__name__})
    json.dump(out, sys.stdout)


main()
