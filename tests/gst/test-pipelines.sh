#!/bin/sh
# Runs every pipelines/*.pipeline headless (video sinks become fakesink,
# files are written to a temporary directory) when its inputs and elements
# are there, and checks the MNIST demo prints digits 0 to 9 in order.
# Usage: test-pipelines.sh SOURCE_DIR BUILD_DIR (GST_* set by meson).
set -u
src=$1
build=$2
cd "$src" || exit 1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
ran=0

for file in pipelines/*.pipeline; do
  name=$(basename "$file" .pipeline)
  text=$(sed 's/autovideosink/fakesink/; s|location=\([^ ]*\)\.png$|location='"$out"'/\1.png|' "$file")
  missing=""
  for path in $(printf '%s\n' "$text" | tr ' ' '\n' | sed -n 's/^\(location\|model\|labels-file\)=//p'); do
    case $path in *%d*) path=$(printf "$path" 0) ;; esac
    case $path in "$out"/*) continue ;; esac
    [ -e "$path" ] || missing="$missing $path"
  done
  for element in $(printf '%s\n' "$text" | tr '\n!' ' \n' | awk '{print $1}'); do
    gst-inspect-1.0 --exists --atleast-version=0.0.0 "$element" || missing="$missing element:$element"
  done
  if [ -n "$missing" ]; then
    echo "SKIP $name: missing$missing"
    continue
  fi
  # shellcheck disable=SC2086
  if timeout 240 gst-launch-1.0 -q $text >"$out/$name.log" 2>&1; then
    echo "PASS $name"
    ran=$((ran + 1))
  else
    echo "FAIL $name:"
    cat "$out/$name.log"
    failed=1
  fi
done

if [ -e models/mnist.onnx ]; then
  "$src/scripts/demo.sh" "$build" >"$out/demo.txt" 2>&1
  expected=$(seq 0 9 | sed 's/.*/frame &: label=&/')
  got=$(sed 's/ confidence=.*//' "$out/demo.txt")
  if [ "$got" = "$expected" ]; then
    echo "PASS demo"
  else
    echo "FAIL demo: got"
    cat "$out/demo.txt"
    failed=1
  fi
fi
[ $failed -ne 0 ] && exit 1
[ $ran -eq 0 ] && exit 77
exit 0
