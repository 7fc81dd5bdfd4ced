#!/usr/bin/env bash
# The main job on the built-in example: sets up the machine, starts three real test hosts
# (sshd in network namespaces, as root) and runs examples/hello/site.yml on them with kplay.
# Not root: runs the same playbook on localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if [ "$(id -u)" != 0 ]; then
  echo "demo: not root, running on localhost" >&2
  exec node bin/kplay.js examples/hello/site.yml -i localhost, -c local
fi

work=$(mktemp -d /tmp/kplay-demo.XXXXXX)
state="$work/lab.json"
npx tsx test/lab/cli.ts up 3 --state "$state" >"$work/lab.log" 2>&1 &
lab_pid=$!
cleanup() {
  npx tsx test/lab/cli.ts down --state "$state" >/dev/null 2>&1 || true
  wait "$lab_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 600); do
  [ -s "$state.ini" ] && break
  kill -0 "$lab_pid" 2>/dev/null || { cat "$work/lab.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$state.ini" ] || { echo "demo: test hosts did not come up" >&2; cat "$work/lab.log" >&2; exit 1; }

echo "== inventory ($state.ini)"
cat "$state.ini"
ANSIBLE_HOST_KEY_CHECKING=False node bin/kplay.js examples/hello/site.yml -i "$state.ini"
