#!/usr/bin/env bash
# Installs what the project needs on a fresh machine of this kind (Debian + .NET SDK).
# Nothing yet beyond the SDK; later issues add Debian packages (datasets, OpenBLAS) here.
set -euo pipefail
command -v dotnet >/dev/null || { echo "the .NET SDK (dotnet) is required" >&2; exit 1; }
