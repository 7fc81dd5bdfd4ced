/* Every filter by name: Jinja2's built-ins and ansible-core's, the latter also as ansible.builtin.*. */
import type { FilterTable } from '../registry.js';
import { CORE_FILTERS } from './core.js';
import { ENCODING_FILTERS } from './encoding.js';
import { JINJA_LIST_FILTERS } from './jinja-lists.js';
import { JINJA_STRING_FILTERS } from './jinja-strings.js';
import { MATH_FILTERS } from './math.js';
import { PASSWORD_FILTERS } from './password-hash.js';
import { PATH_FILTERS } from './paths.js';
import { REGEX_FILTERS } from './regex.js';
import { SERIALIZE_FILTERS } from './serialize.js';
import { COLLECTION_FILTERS } from './collections/index.js';

const JINJA_OWNED = new Set(['int', 'float', 'abs', 'round', 'tojson', 'default', 'd']);

function withFqcn(table: FilterTable): FilterTable {
  const out: Record<string, FilterTable[string]> = {};
  for (const [name, fn] of Object.entries(table)) {
    out[name] = fn;
    if (!JINJA_OWNED.has(name)) out[`ansible.builtin.${name}`] = fn;
  }
  return out;
}

export const FILTERS: FilterTable = {
  ...JINJA_STRING_FILTERS,
  ...JINJA_LIST_FILTERS,
  d: JINJA_LIST_FILTERS['default']!,
  ...withFqcn(MATH_FILTERS),
  ...withFqcn(CORE_FILTERS),
  ...withFqcn(REGEX_FILTERS),
  ...withFqcn(SERIALIZE_FILTERS),
  ...withFqcn(ENCODING_FILTERS),
  ...withFqcn(PATH_FILTERS),
  ...withFqcn(PASSWORD_FILTERS),
  // ansible.utils' IP filters and community.general's json_query, dict, version_sort.
  ...COLLECTION_FILTERS,
};
