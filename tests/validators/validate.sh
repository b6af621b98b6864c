#!/usr/bin/env bash
# validate.sh VALIDATE DIR: `validate --strict DIR`, failing clearly when the
# validators are not installed (../shared/validators/install.sh) or DIR is
# empty (nothing checked is not a pass).
set -euo pipefail
VALIDATE=$1 DIR=$2
if [[ ! -x $VALIDATE ]]; then
  echo "validate.sh: $VALIDATE not found: install the validators (../shared/validators/install.sh)" >&2
  exit 1
fi
if [[ -z $(find "$DIR" -type f -print -quit 2>/dev/null) ]]; then
  echo "validate.sh: $DIR holds no files" >&2
  exit 1
fi
"$VALIDATE" --strict "$DIR"
