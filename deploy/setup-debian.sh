#!/usr/bin/env bash
# Installs everything wiretag needs to build, test and run, from Debian bookworm's
# own packages. Run as root on a fresh machine. Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(
  # toolchain
  build-essential cmake pkg-config git clang libclang-rt-14-dev
  # the named libraries
  librdkafka-dev libsimdjson-dev prometheus-cpp-dev libgtest-dev libgmock-dev
  # the HTTP server behind /metrics, /healthz and /readyz (also what prometheus-cpp pulls in)
  libcivetweb-dev
  # the well-kept helpers (README, "Dependencies")
  libcli11-dev libspdlog-dev libyaml-cpp-dev rapidjson-dev libutf8proc-dev
  libbenchmark-dev librapidcheck-dev
  # SHA-256 for the uri of plain-text stories (libcrypto's EVP)
  libssl-dev
  # libxml2's HTML parser turns HTML bodies into text (pipeline/formats/html_text.cc)
  libxml2-dev
  # servers and tools the tests drive from outside
  kcat prometheus python3 python3-jsonschema python3-yaml curl procps iso-codes
  # systemd-analyze verifies the unit file in the deploy checks
  systemd
)

# kubectl renders the kustomizations in the deploy checks. Debian's package is
# kubernetes-client (kubectl 1.20); a newer kubectl already on the machine (a
# different package owning /usr/bin/kubectl) is kept. The manifests use the
# kustomize syntax both understand.
command -v kubectl >/dev/null || packages+=(kubernetes-client)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  apt-get update -qq
  # The prometheus package would start a server where systemd runs; tests start their own.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: all ${#packages[@]} packages present" >&2
