/** Python's str.splitlines(): the line breaks Ansible's `*_lines` results split on. */
export function splitlines(s: string): string[] {
  if (s === '') return [];
  const parts = s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
