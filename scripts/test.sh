#!/usr/bin/env bash
# Runs every test project three times so each SIMD path runs: the widest vectors the machine
# has (AVX-512 here), then DOTNET_EnableAVX512F=0 (Vector256 paths), then DOTNET_EnableAVX2=0
# (Vector128 paths). Installs what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build Gluon.sln -c Release
run() {
  echo "=== tests ($1) ==="
  shift
  env "$@" dotnet test Gluon.sln -c Release --no-build --logger "console;verbosity=minimal"
}
run "default SIMD width" DOTNET_CLI_TELEMETRY_OPTOUT=1
run "AVX-512 disabled" DOTNET_EnableAVX512F=0
run "AVX2 disabled" DOTNET_EnableAVX2=0
