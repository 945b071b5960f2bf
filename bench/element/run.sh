#!/bin/bash
# Element benchmark, one CPU thread, 224x224 and 1920x1080 frames in RGB and
# NV12: the trtinfer element's per-frame time against the bare engine's, on
# the same frames in one process (element-bench.c), and frames/s through a
# real pipeline (pipeline-bench.py). Writes bench/element/results.json,
# preprocess.jsonl (the conversion alone, by preprocess-bench.c) and
# results.md.
#
#   bench/element/run.sh [BUILD_DIR] [FRAMES]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
frames=${2:-200}
models_dir=${TRTINFER_MODELS:-$root/../shared/models}
trtinfer=$build/tools/trtinfer
[ -x "$trtinfer" ] || { echo "bench: build first ($trtinfer missing)" >&2; exit 1; }
[ -d "$build/gst/trtinfer" ] || { echo "bench: build with -Dgst=enabled" >&2; exit 1; }
export GST_PLUGIN_PATH=$build/gst/trtinfer
# One thread, sleeping while it waits (the machine is shared; see bench/cpu/run.sh).
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive

models=(
  "squeezenet|$models_dir/onnx/light/light_squeezenet.onnx"
  "resnet50|$models_dir/onnx/light/light_resnet50.onnx"
)
load=$(cut -d' ' -f1-3 /proc/loadavg)
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT

# The preprocessing alone, without the pipeline and the engine around it.
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$root/lib/include" \
  "$here/preprocess-bench.c" -L"$build/lib" -ltrtinfer -Wl,-rpath,"$build/lib" \
  -o "$cache/preprocess-bench"
"$cache/preprocess-bench" 500 > "$here/preprocess.jsonl"
# shellcheck disable=SC2046 # pkg-config's flags are separate words
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$root/lib/include" "$here/element-bench.c" \
  $(pkg-config --cflags --libs gstreamer-check-1.0 gstreamer-video-1.0) \
  -L"$build/lib" -ltrtinfer -Wl,-rpath,"$build/lib" -o "$cache/element-bench"

out=$here/results.json
echo "[" > "$out"
first=1
for entry in "${models[@]}"; do
  IFS='|' read -r name path <<<"$entry"
  [ -f "$path" ] || { echo "bench: skipping $name ($path missing)" >&2; continue; }
  mkdir -p "$cache/$name"
  for size in 224x224 1920x1080; do
    for format in RGB NV12; do
      # Element, bare engine and conversion, measured in turn on each frame.
      e=$("$cache/element-bench" "$path" "${size%x*}" "${size#*x}" "$format" "$frames" \
            "$cache/$name" 2>/dev/null || echo null)
      p=$(/usr/bin/python3 "$here/pipeline-bench.py" "$path" --width "${size%x*}" \
            --height "${size#*x}" --format "$format" --frames "$frames" --cache-dir "$cache" \
            2>/dev/null || echo null)
      [ $first = 1 ] || echo "," >> "$out"
      first=0
      printf '{"model":"%s","size":"%s","format":"%s","interleaved":%s,"pipeline":%s}\n' \
        "$name" "$size" "$format" "$e" "$p" >> "$out"
      echo "bench: $name $size $format done" >&2
    done
  done
done
echo "]" >> "$out"
BENCH_LOAD=$load python3 "$here/report.py" "$out" "$here/preprocess.jsonl" "$here/results.md" \
  "bench/element/run.sh $* ($frames frames per measurement)"
