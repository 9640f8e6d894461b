#!/usr/bin/env bash
# Installs what the project needs on a fresh machine of this kind (Debian + .NET SDK).
# Idempotent and quiet: installs only what is missing.
set -euo pipefail
command -v dotnet >/dev/null || { echo "the .NET SDK (dotnet) is required" >&2; exit 1; }

# Fashion-MNIST for the Gluon.Data tests (FashionMNIST reads /usr/share/datasets/fashion-mnist).
if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  if ! command -v apt-get >/dev/null; then
    echo "setup: apt-get not found; install Debian's dataset-fashion-mnist package (or put the Fashion-MNIST .gz files in ~/.mxnet/datasets/fashion-mnist) for the FashionMNIST tests" >&2
  else
    sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo -n"
    export DEBIAN_FRONTEND=noninteractive
    if ! $sudo apt-get install -y -q dataset-fashion-mnist >/dev/null 2>&1; then
      $sudo apt-get update -q >/dev/null 2>&1 || true
      $sudo apt-get install -y -q dataset-fashion-mnist >/dev/null 2>&1 \
        || echo "setup: could not install dataset-fashion-mnist with apt-get (needs root or sudo); the FashionMNIST tests will be skipped" >&2
    fi
  fi
fi
