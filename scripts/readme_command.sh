#!/usr/bin/env bash
# Print the shell command that README.md marks with <!-- ci:NAME-command --> (the first fenced block after it).
set -euo pipefail
name=${1:?usage: readme_command.sh main|test}
readme="$(dirname "$0")/../README.md"
awk -v marker="<!-- ci:${name}-command -->" '
    index($0, marker) {found=1; next}
    found && /^```/ {if (inblock) exit; inblock=1; next}
    found && inblock {print}
' "$readme"
