/* Lookups over variables and the environment: env, vars, varnames. */
import { PyError, UndefinedUseError } from '../py/errors.js';
import { pyRegex } from '../py/regex.js';
import { Undefined } from '../py/undefined.js';
import { MISSING, asStr, dictGet, isDict } from '../py/values.js';
import type { LookupTable } from '../registry.js';
import { text } from '../filters/support.js';

function noVariable(term: string): never {
  throw new UndefinedUseError(new Undefined(term, `No variable found with this name: ${term}`));
}

export const VAR_LOOKUPS: LookupTable = {
  env: (_env, terms, kwargs) =>
    terms.map((t) => {
      const name = text(t).split(/\s+/).filter(Boolean)[0] ?? '';
      const v = process.env[name];
      return v ?? kwargs['default'] ?? '';
    }),
  vars: (env, terms, kwargs) =>
    terms.map((t) => {
      const term = asStr(t);
      if (term === undefined) throw new PyError('AnsibleError', `Invalid setting identifier, "${String(t)}" is not a string, its a ${typeof t}`);
      const dflt = kwargs['default'];
      try {
        let value: unknown;
        if (env.scope.raw(term) !== MISSING) value = env.scope.lookup(term);
        else {
          const hv = env.scope.lookup('hostvars');
          const me = env.scope.lookup('inventory_hostname');
          const host = isDict(hv) && asStr(me) !== undefined ? dictGet(hv, asStr(me)!) : MISSING;
          value = isDict(host) ? dictGet(host, term) : MISSING;
          if (value === MISSING) noVariable(term);
        }
        if (value instanceof Undefined) value.fail();
        return value;
      } catch (e) {
        if (e instanceof UndefinedUseError && dflt !== undefined && dflt !== null) return dflt;
        throw e;
      }
    }),
  varnames: (env, terms) => {
    const names = Object.keys(env.scope.vars);
    return terms.flatMap((t) => {
      const term = asStr(t);
      if (term === undefined) throw new PyError('AnsibleError', `Invalid setting identifier, "${String(t)}" is not a string, it is a ${typeof t}`);
      const re = pyRegex(term, '');
      return names.filter((n) => re.test(n));
    });
  },
};
