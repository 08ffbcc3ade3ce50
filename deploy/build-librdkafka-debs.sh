#!/usr/bin/env bash
# Builds librdkafka's Debian packages (librdkafka1, librdkafka++1,
# librdkafka-dev; 2.8.0 or newer) from Debian trixie's source package, on
# bookworm, into DIR (default /var/cache/wiretag/librdkafka). Does nothing
# when DIR already holds them. Installs nothing except the build dependencies, which are all
# in bookworm. Run as root.
#
# Why: bookworm's librdkafka 2.0.2 aborts a consumer closed before its first
# assignment (librdkafka issue 4312, fixed in 2.3.0) and predates the fixes for
# Kafka 4.0's removal of old protocol versions (issue 4948, fixed in 2.8.0).
#
# trixie is only read through a private sources list under a temporary
# directory: the machine's apt sources are never changed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

minimum=2.8.0
dir=${1:-/var/cache/wiretag/librdkafka}
arch=$(dpkg --print-architecture)
debs=(librdkafka1 librdkafka++1 librdkafka-dev)

# The version of the cached packages, if all three are there and new enough.
cached_version() {
  local dev v p
  dev=$(compgen -G "$dir/librdkafka-dev_*_${arch}.deb" | sort -V | tail -n1) || return 1
  v=$(dpkg-deb -f "$dev" Version) || return 1
  dpkg --compare-versions "$v" ge "$minimum" || return 1
  for p in "${debs[@]}"; do [ -f "$dir/${p}_${v}_${arch}.deb" ] || return 1; done
  echo "$v"
}
if v=$(cached_version); then
  echo "librdkafka $v: packages already in $dir" >&2
  exit 0
fi

started=$SECONDS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 0755 "$work"  # apt downloads as the _apt user
mkdir -p "$work/lists/partial" "$dir"
cat >"$work/trixie.list" <<LIST
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
LIST
apt_trixie=(-o "Dir::Etc::SourceList=$work/trixie.list" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$work/lists")

# The tools to unpack and build a source package (bookworm).
apt-get update -qq
apt-get install -y -qq --no-install-recommends dpkg-dev build-essential >/dev/null 2>&1
apt-get "${apt_trixie[@]}" update -qq
cd "$work"
apt-get "${apt_trixie[@]}" source -qq --only-source librdkafka >/dev/null 2>&1
src=$(find "$work" -maxdepth 1 -type d -name "librdkafka-*" | head -n1)
[ -n "$src" ] || { echo "librdkafka: trixie's source package was not unpacked" >&2; exit 1; }
version=$(cd "$src" && dpkg-parsechangelog -S Version)
dpkg --compare-versions "$version" ge "$minimum" ||
  { echo "librdkafka: trixie has $version, older than $minimum" >&2; exit 1; }
# Build-Depends from the unpacked source, resolved against bookworm (the
# machine's own sources).
apt-get build-dep -y -qq "$src" >/dev/null
(cd "$src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" dpkg-buildpackage -b -uc -us >"$work/build.log" 2>&1) || {
  tail -n 40 "$work/build.log" >&2
  exit 1
}
for p in "${debs[@]}"; do cp "$work/${p}_${version}_${arch}.deb" "$dir/"; done
echo "librdkafka $version: built in $((SECONDS - started)) s into $dir" >&2
