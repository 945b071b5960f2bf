#!/bin/sh
# The long element soak and the valgrind run, made by hand (see
# soak-element.c); the figures of a run go in docs/hardening.md.
#
#   tests/soak/run-soak.sh BUILD_DIR [FRAMES] [VALGRIND_FRAMES]
#
# Runs BUILD_DIR/tests/soak/soak-element over FRAMES frames (default
# 100000; caps change every 500) with the element tests' detector as a
# second element, then VALGRIND_FRAMES frames (default 1000) under
# valgrind's leak checker; fails when memory grows after warm-up or
# valgrind finds memory definitely lost. Logs: BUILD_DIR/soak-*.log.
set -u
build=${1:?usage: run-soak.sh BUILD_DIR [FRAMES] [VALGRIND_FRAMES]}
frames=${2:-100000}
valgrind_frames=${3:-1000}
src=$(cd "$(dirname "$0")/../.." && pwd)
soak=$build/tests/soak/soak-element
detector=$build/tests/gst/detector.onnx
[ -x "$soak" ] || { echo "run-soak.sh: build $soak first (ninja -C $build)" >&2; exit 1; }
ninja -C "$build" tests/gst/detector.onnx >/dev/null || exit 1
export GST_PLUGIN_PATH="$build/gst/trtinfer" GST_REGISTRY="$build/tests/soak/registry.bin"
export XDG_CACHE_HOME="$build/tests/soak/cache"
args="--detector $detector $src/models/mnist.onnx $src/models/labels/mnist.txt"
status=0

echo "soak: $frames frames (log: $build/soak-long.log)"
# shellcheck disable=SC2086
"$soak" --frames "$frames" --segment 500 --samples 50 $args > "$build/soak-long.log" 2>&1 ||
  status=1
tail -2 "$build/soak-long.log"

if command -v valgrind >/dev/null; then
  echo "valgrind: $valgrind_frames frames (log: $build/soak-valgrind.log)"
  # Leaks of GLib's and GStreamer's one-time type and registry data are
  # "still reachable"; only memory definitely lost fails the run. The RSS
  # there is valgrind's own (shadow memory, its allocator's caches), so its
  # growth is not checked: the long run above checks memory.
  # shellcheck disable=SC2086
  G_SLICE=always-malloc G_DEBUG=gc-friendly valgrind --leak-check=full \
    --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite \
    --error-exitcode=3 --num-callers=30 \
    --suppressions=/usr/share/glib-2.0/valgrind/glib.supp \
    --suppressions="$src/tests/soak/ld-so.supp" \
    "$soak" --frames "$valgrind_frames" --segment 50 --samples 10 \
    --max-growth-kb 1000000000 $args \
    > "$build/soak-valgrind.log" 2>&1 || status=1
  grep -E "definitely lost|indirectly lost|ERROR SUMMARY|^# [0-9]" "$build/soak-valgrind.log"
else
  echo "valgrind: not installed (scripts/install-deps.sh fuzz)"
  status=1
fi
exit $status
