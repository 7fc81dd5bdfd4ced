#!/bin/bash
# Corpus check (not part of CI): every kubespray playbook through `ansible-playbook --list-tasks`
# and `kplay --list-tasks` with kubespray's sample inventory; prints, per playbook, whether the
# listings match, and the totals. Compared only where ansible-playbook itself succeeds.
#
#   test/corpus/kubespray-list-tasks.sh /path/to/kubespray [OUTDIR]
#
# The checkout stays outside this repository (e.g. `git archive v2.23.3 | tar -x -C /tmp/kubespray`;
# kubespray v2.23.x is the release that runs on ansible-core 2.14). Build kplay first (npm run build).
set -u
KS=${1:?usage: $0 KUBESPRAY_DIR [OUTDIR]}
OUT=${2:-$(mktemp -d /tmp/kplay-corpus.XXXXXX)}
KPLAY="node $(cd "$(dirname "$0")/../.." && pwd)/bin/kplay.js"
INV=inventory/sample/inventory.ini
cd "$KS" || exit 2
mkdir -p "$OUT"
books=$(ls *.yml playbooks/*.yml extra_playbooks/*.yml 2>/dev/null | grep -v -e '^_config.yml$' -e '^galaxy.yml$')
total=0; compared=0; match=0
for pb in $books; do
  total=$((total + 1))
  key=$(echo "$pb" | tr '/' '_')
  ansible-playbook -i "$INV" --list-tasks "$pb" > "$OUT/$key.ansible" 2> "$OUT/$key.ansible.err"; arc=$?
  $KPLAY -i "$INV" --list-tasks "$pb" > "$OUT/$key.kplay" 2> "$OUT/$key.kplay.err"; krc=$?
  if [ $arc -ne 0 ]; then
    echo "SKIP   $pb (ansible-playbook exit $arc: $(grep -m1 ERROR "$OUT/$key.ansible.err" | cut -c1-100))"
    continue
  fi
  compared=$((compared + 1))
  if [ $krc -eq 0 ] && diff -q "$OUT/$key.ansible" "$OUT/$key.kplay" > /dev/null; then
    match=$((match + 1)); echo "MATCH  $pb"
  else
    echo "DIFFER $pb (kplay exit $krc, $(diff "$OUT/$key.ansible" "$OUT/$key.kplay" | grep -c '^[<>]') lines differ; see $OUT/$key.*)"
  fi
done
echo "kubespray --list-tasks: $match of $compared playbooks match ($total playbooks, $((total - compared)) that ansible-playbook itself cannot load); outputs in $OUT"
