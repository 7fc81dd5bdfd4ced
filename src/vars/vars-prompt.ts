import type { PlayNode } from '../playbook/model.js';

type Vars = Record<string, unknown>;

function isRecord(v: unknown): v is Vars {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * A play's `vars_prompt` answers without a terminal, as ansible-core's do_var_prompt gives
 * them when stdin is not a TTY: the default as text ("None" without one); a name given as an
 * extra var is not prompted for. They sit just above play vars and belong to their play.
 */
export function promptedVars(play: PlayNode, extraVars: Readonly<Vars>): Vars {
  const entries = play.keywords['vars_prompt'];
  if (!Array.isArray(entries)) return {};
  const out: Vars = {};
  for (const entry of entries) {
    if (!isRecord(entry) || typeof entry['name'] !== 'string') continue;
    const name = entry['name'];
    if (Object.hasOwn(extraVars, name)) continue;
    const def = entry['default'];
    out[name] = def === undefined || def === null ? 'None' : pyText(def);
  }
  return out;
}

/** Python's str() of a YAML scalar default (True/False for booleans). */
function pyText(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
