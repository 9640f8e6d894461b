#!/usr/bin/env bash
# Runs every test project three times so each SIMD path runs: the widest vectors the machine
# has (AVX-512 here), then with AVX-512 off (Vector256 paths), then DOTNET_EnableAVX2=0
# (Vector128 paths). On .NET 10 DOTNET_EnableAVX512F=0 alone no longer turns AVX-512 off
# (measured: Vector512.IsHardwareAccelerated stays true); DOTNET_EnableAVX512=0 does, so both
# are set. Installs what the tests need first. Ends with one "N passed, N failed" line summed
# over the three runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build Gluon.sln -c Release
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
run() {
  echo "=== tests ($1) ==="
  shift
  env "$@" dotnet test Gluon.sln -c Release --no-build --logger "console;verbosity=minimal" 2>&1 | tee -a "$log" || status=1
}
run "default SIMD width" DOTNET_CLI_TELEMETRY_OPTOUT=1
run "AVX-512 disabled" DOTNET_EnableAVX512F=0 DOTNET_EnableAVX512=0
run "AVX2 disabled" DOTNET_EnableAVX2=0
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed"
exit $status
