/** Script fragment: local facts (system/local.py): *.fact files, executable ones run. */
import { shQuote } from './common.js';

export function localFragment(factPath: string): string {
  return String.raw`
_fp=${shQuote(factPath)}
if [ -e "$_fp" ] || [ -L "$_fp" ]; then
  S kv; K local_path 1
  for _f in "$_fp"/*.fact; do
    if [ ! -e "$_f" ]; then [ -L "$_f" ] && { S file "local_broken $_f"; }; continue; fi
    if [ -n "$(find "$_f" -prune -perm -100 2>/dev/null)" ]; then
      _t=$(mktemp 2>/dev/null) || _t=/dev/null
      S cmd "local $_f"; "$_f" 2>"$_t" </dev/null; S rc "local $_f" $?
      S file "local_err $_f"; cat "$_t" 2>/dev/null; [ "$_t" = /dev/null ] || rm -f "$_t"
    else
      S file "local $_f"; cat "$_f" 2>/dev/null
    fi
  done
fi
`;
}
