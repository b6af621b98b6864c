#!/usr/bin/env bash
# Sourced by build.sh and test.sh. A build directory configured from another
# checkout (say, a copied tree) cannot be reused: CMake refuses its cache. Such
# a directory is started afresh instead of failing the build.
fresh_if_foreign() {
  local cache="$1/CMakeCache.txt" here
  here=$(pwd -P)
  if [[ -f "$cache" ]] && ! grep -qxF "CMAKE_HOME_DIRECTORY:INTERNAL=$here" "$cache"; then
    echo "$1 was configured for another source tree; starting it afresh"
    rm -rf "$1"
  fi
}
