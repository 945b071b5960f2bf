#!/bin/sh
# Installs the Debian packages the build and the tests need, when run as root
# and something is missing. Otherwise only reports what is missing.
#   install-deps.sh        what `make demo` and `make test` need
#   install-deps.sh fuzz   that and clang with libFuzzer (`make fuzz`) and
#                          valgrind (the element soak's leak check)
set -e
packages="meson ninja-build pkg-config gcc python3 protobuf-c-compiler
  libprotobuf-c-dev libonnx-dev libonnx-testdata libdnnl-dev libglib2.0-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev gstreamer1.0-tools
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good libpng-dev libjpeg-dev
  python3-numpy python3-pytest python3-gi gir1.2-gst-plugins-base-1.0"
if [ "${1:-}" = fuzz ]; then
  packages="$packages clang-14 libclang-rt-14-dev valgrind"
fi
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "missing Debian packages:$missing (run as root to install them)" >&2
  exit 1
fi
