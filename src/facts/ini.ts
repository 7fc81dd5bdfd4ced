/**
 * Python's configparser.ConfigParser as Ansible's local facts use it (read_file, then
 * sections/options/get): '=' or ':' delimiters, lower-cased option names, DEFAULT merged into
 * every section, indented continuation lines, strict duplicates, %(name)s interpolation.
 */

export class IniError extends Error {}
/** An interpolation failure: raised by get(), after the file parsed. */
export class IniInterpolationError extends Error {}

const SECTION = /^\[(.+)\]/;
const OPTION = /^(.*?)\s*([=:])\s*(.*)$/;

export function parseIni(text: string): Record<string, Record<string, string>> {
  const defaults = new Map<string, string[]>();
  const sections = new Map<string, Map<string, string[]>>();
  let cur: Map<string, string[]> | undefined;
  let optname: string | undefined;
  let indentLevel = 0;
  const errors: string[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((line, idx) => {
    const stripped = line.trim();
    const isComment = stripped.startsWith('#') || stripped.startsWith(';');
    const value = isComment ? '' : stripped;
    if (!value) {
      if (!isComment && cur && optname) cur.get(optname)?.push('');
      return;
    }
    const indent = line.length - line.trimStart().length;
    if (cur && optname && indent > indentLevel) {
      cur.get(optname)?.push(value);
      return;
    }
    indentLevel = indent;
    const sect = SECTION.exec(value);
    if (sect) {
      const name = sect[1]!;
      if (sections.has(name)) throw new IniError(`While reading from '<???>' [line ${idx + 1}]: section '${name}' already exists`);
      if (name === 'DEFAULT') cur = defaults;
      else {
        cur = new Map();
        sections.set(name, cur);
      }
      optname = undefined;
      return;
    }
    if (!cur) throw new IniError(`File contains no section headers.\nfile: '<???>', line: ${idx + 1}\n${JSON.stringify(line)}`);
    const opt = OPTION.exec(value);
    if (!opt) {
      errors.push(`[line ${idx + 1}]: ${JSON.stringify(line)}`);
      return;
    }
    optname = opt[1]!.trimEnd().toLowerCase();
    if (!optname) {
      errors.push(`[line ${idx + 1}]: ${JSON.stringify(line)}`);
      return;
    }
    if (cur.has(optname)) throw new IniError(`option '${optname}' in section already exists`);
    cur.set(optname, [opt[3]!.trim()]);
  });
  if (errors.length) throw new IniError(`Source contains parsing errors: '<???>'\n\t${errors.join('\n\t')}`);
  const join = (v: string[]): string => v.join('\n').trimEnd();
  const out: Record<string, Record<string, string>> = {};
  for (const [name, opts] of sections) {
    const merged = new Map<string, string>();
    for (const [k, v] of opts) merged.set(k, join(v));
    for (const [k, v] of defaults) if (!merged.has(k)) merged.set(k, join(v));
    const sect: Record<string, string> = {};
    for (const k of merged.keys()) sect[k] = interpolate(merged.get(k)!, merged, k, 1);
    out[name] = sect;
  }
  return out;
}

function interpolate(value: string, vars: Map<string, string>, option: string, depth: number): string {
  if (depth > 10) throw new IniInterpolationError(`Recursion limit exceeded in value substitution: option '${option}'`);
  let out = '';
  let rest = value;
  while (rest) {
    const p = rest.indexOf('%');
    if (p < 0) return out + rest;
    out += rest.slice(0, p);
    rest = rest.slice(p);
    const c = rest.charAt(1);
    if (c === '%') {
      out += '%';
      rest = rest.slice(2);
    } else if (c === '(') {
      const m = /^%\(([^)]+)\)s/.exec(rest);
      if (!m) throw new IniInterpolationError(`bad interpolation variable reference '${rest}'`);
      const name = m[1]!.toLowerCase();
      const v = vars.get(name);
      if (v === undefined) throw new IniInterpolationError(`Bad value substitution: option '${option}' references '${name}'`);
      out += v.includes('%') ? interpolate(v, vars, option, depth + 1) : v;
      rest = rest.slice(m[0].length);
    } else {
      throw new IniInterpolationError(`'%' must be followed by '%' or '(', found: '${rest}'`);
    }
  }
  return out;
}
