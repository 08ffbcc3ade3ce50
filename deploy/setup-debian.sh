#!/usr/bin/env bash
# Installs everything wiretag needs to build, test and run, from Debian bookworm's
# own packages, plus librdkafka 2.8.0 built once from Debian trixie's source
# package (deploy/build-librdkafka-debs.sh; the .debs are cached in
# /var/cache/wiretag/librdkafka). Run as root on a fresh machine. Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(
  # toolchain
  build-essential cmake pkg-config git clang libclang-rt-14-dev
  # the named libraries (librdkafka-dev is bookworm's 2.0.2 until the step below replaces it)
  librdkafka-dev libsimdjson-dev prometheus-cpp-dev libgtest-dev libgmock-dev
  # the HTTP server behind /metrics, /healthz and /readyz (also what prometheus-cpp pulls in)
  libcivetweb-dev
  # the well-kept helpers (docs/development.md, "Dependencies")
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
  # tests/kafka/kafka-local runs real Apache Kafka brokers (a JVM) from jars Maven fetches
  default-jre-headless maven
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

# librdkafka >= 2.8.0 (docs/operations/kafka-versions.md): bookworm's 2.0.2
# aborts a consumer stopped before its first assignment and predates Kafka 4's
# protocol changes. Skipped when the installed librdkafka-dev is new enough;
# otherwise built once (about 3 minutes on 2 cores) and installed from the cache.
# The packages keep their Debian names and soname, so kcat (built against
# 2.0.2) keeps working on the same librdkafka1.
librdkafka_minimum=2.8.0
installed=$(dpkg-query -W -f='${Version}' librdkafka-dev 2>/dev/null || true)
if dpkg --compare-versions "${installed:-0}" ge "$librdkafka_minimum"; then
  echo "setup: librdkafka-dev $installed present" >&2
else
  cache=/var/cache/wiretag/librdkafka
  bash "$(dirname "$0")/build-librdkafka-debs.sh" "$cache"
  dev=$(ls "$cache"/librdkafka-dev_*_"$(dpkg --print-architecture)".deb | sort -V | tail -n1)
  version=$(dpkg-deb -f "$dev" Version)
  arch=$(dpkg --print-architecture)
  apt-get install -y -qq --no-install-recommends \
    "$cache/librdkafka1_${version}_${arch}.deb" "$cache/librdkafka++1_${version}_${arch}.deb" \
    "$cache/librdkafka-dev_${version}_${arch}.deb" >/dev/null
  echo "setup: librdkafka-dev $version installed from $cache" >&2
fi
