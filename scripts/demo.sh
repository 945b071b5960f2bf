#!/bin/sh
# make demo: classifies the ten MNIST digits of models/mnist/ with the
# trtinfer GStreamer element (pipelines/mnist.pipeline) and prints
#   frame <n>: label=<label> confidence=<c>
# for each frame, from the "trtinfer" messages gst-launch-1.0 -m shows.
# Usage: scripts/demo.sh [BUILD_DIR]  (default: build)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
plugin=$build/gst/trtinfer
if [ ! -e "$plugin/libgsttrtinfer.so" ]; then
  echo "demo: no trtinfer plugin in $plugin: build with GStreamer (meson -Dgst=enabled)" >&2
  exit 1
fi
cd "$root" || exit 1
export GST_PLUGIN_PATH="$plugin"
export GST_REGISTRY="$build/gst-registry.bin"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# shellcheck disable=SC2046  # the pipeline file is meant to be split into words
gst-launch-1.0 -m $(cat pipelines/mnist.pipeline) >"$log" 2>&1
status=$?
# A message line: ...(element): trtinfer, frame=(guint64)3, ..., label=(string)3,
# confidence=(double)0.99..., classifications=...
sed -n 's/.*(element): trtinfer, frame=(guint64)\([0-9]*\),.*, label=(string)\([^,]*\), confidence=(double)\([0-9.e+-]*\),.*/\1 \2 \3/p' "$log" |
  while read -r frame label confidence; do
    label=$(printf '%s' "$label" | sed 's/^"\(.*\)"$/\1/; s/\\//g')
    printf 'frame %s: label=%s confidence=%.4f\n' "$frame" "$label" "$confidence"
  done
if [ $status -ne 0 ] || ! grep -q '(element): trtinfer, ' "$log"; then
  echo "demo: the pipeline failed:" >&2
  grep -E 'ERROR|WARNING|erroneous' "$log" >&2
  exit 1
fi
