#!/bin/sh
echo "args: $*"
echo "cwd: $(pwd)"
echo "to stderr" >&2
echo ran > /tmp/script-ran
