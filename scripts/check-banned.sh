#!/bin/sh
# check-banned.sh - fails when src/ or tests/ call a banned libc function.
#
# sprintf/vsprintf (no bound), strcpy/strcat (no bound), strtok (hidden
# state), atoi/atol/atof (no error report), gets.  Use snprintf, text_copy,
# strtok_r or our splitting, text_parse_i64/text_parse_double instead.
set -eu
cd "$(dirname "$0")/.."
pattern='(^|[^_a-zA-Z0-9])(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|atoll|atof|gets)[[:space:]]*\('
if grep -rnE "$pattern" src tests --include='*.c' --include='*.h' | grep -vE '^\S+:[0-9]+:\s*(/?\*|//)'; then
    echo "check-banned: banned function used (see the list in scripts/check-banned.sh)" >&2
    exit 1
fi
echo "check-banned: clean"
