#!/bin/sh
# an executable password source: its stdout is the password
echo prod-password-2
