#!/usr/bin/env bash
# Installs what `dotnet run -c Release --project bench/Gluon.Bench -- compare` compares against and
# NuGet cannot bring: Debian's OpenBLAS (libopenblas.so.0, pthread build). ONNX Runtime comes with
# the bench project's NuGet packages. Safe to run again: does nothing when the library is there.
set -euo pipefail

if ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so\.0 '; then
    echo "libopenblas.so.0 already installed: $(ldconfig -p | grep 'libopenblas\.so\.0 ' | head -1 | sed 's/.*=> //')"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "not root and no sudo: run as root: apt-get install -y libopenblas0-pthread" >&2; exit 1; }
    SUDO="sudo"
fi
# The package lists may be missing or stale on a fresh machine.
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libopenblas0-pthread
ldconfig -p | grep 'libopenblas\.so\.0 '
