/**
 * The helpers every fragment of the facts script uses (see ../raw.ts for the format).
 * POSIX sh; GNU extensions only behind a probe (find -printf).
 *
 *   S KIND [NAME]   start a section          K KEY VALUE   one kv line (inside `S kv`)
 *   G FILE…         grep-dump files (deferred: one grep at the end)
 *   LN PATH…        symlink targets (deferred: one find at the end)
 *   X PATH…         kinds: e(xists) s(ize>0) d(ir)   D DIR   directory entries, readdir order
 *   C NAME CMD…     a command's stdout and exit status (stderr dropped, stdin empty)
 *   B NAME          sets BP to a command's path (PATH plus the sbin dirs, as get_bin_path)
 * Forks are what the script costs, so lookups are builtins and reads are batched.
 */
export const PREAMBLE = String.raw`
S() { printf '\n%s %s\n' "$M" "$*"; }
K() { printf '%s=%s\n' "$1" "$2"; }
GL=; LL=
G() { GL="$GL $*"; }
LN() { LL="$LL $*"; }
X() {
  S x
  for _f in "$@"; do
    if [ -d "$_f" ]; then printf 'd %s\n' "$_f"
    elif [ -s "$_f" ]; then printf 's %s\n' "$_f"
    elif [ -e "$_f" ]; then printf 'e %s\n' "$_f"; fi
  done
}
D() { if [ -d "$1" ]; then S ls "$1"; ls -f "$1" 2>/dev/null || ls -a "$1" 2>/dev/null; fi; return 0; }
C() { _n=$1; shift; S cmd "$_n"; "$@" 2>/dev/null </dev/null; S rc "$_n" $?; }
B() {
  BP=; _o=$IFS; IFS=:
  for _d in $PATH; do
    if [ -x "$_d/$1" ] && [ ! -d "$_d/$1" ]; then BP=$_d/$1; break; fi
  done
  IFS=$_o; [ -n "$BP" ]
}
S file env
cat /proc/$$/environ 2>/dev/null
LC_ALL=C; export LC_ALL
PATH="$PATH:/sbin:/usr/sbin:/usr/local/sbin"; export PATH
UNAME=$(uname -snrm 2>/dev/null)
RUID=; while read -r _k _v _r; do [ "$_k" = Uid: ] && { RUID=$_v; break; }; done < /proc/self/status
[ -n "$RUID" ] || RUID=$(id -ru 2>/dev/null)
S kv
K uname "$UNAME"
G /proc/self/status /proc/sys/kernel/version
`;

/** Runs the deferred reads: one grep for every G file, one find (or readlink loop) for every LN. */
export const EPILOGUE = String.raw`
S g; grep -sH '' $GL 2>/dev/null
S x
if [ -n "$LL" ]; then
  if find / -maxdepth 0 -printf '' >/dev/null 2>&1; then find $LL -maxdepth 0 -type l -printf 'l %p\t%l\n' 2>/dev/null
  else for _f in $LL; do [ -L "$_f" ] && printf 'l %s\t%s\n' "$_f" "$(readlink "$_f" 2>/dev/null)"; done; fi
fi
S end
exit 0
`;

/** Quotes a word for the remote shell. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
