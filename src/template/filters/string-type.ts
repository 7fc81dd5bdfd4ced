/**
 * Ansible's STRING_TYPE_FILTERS: when a template is exactly one of these filters' output,
 * the text stays a string instead of being read back as a list/dict/bool (matched by the
 * name as written, so `ansible.builtin.to_json` is not in it, as in ansible-core).
 */
export const STRING_TYPE_FILTERS: ReadonlySet<string> = new Set(['string', 'to_json', 'to_nice_json', 'to_yaml', 'to_nice_yaml', 'ppretty', 'json']);
