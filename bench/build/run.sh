#!/bin/bash
# Build benchmark: engine build time, load time (from the saved engine
# file) and context creation per model of the CPU set (bench/cpu/run.sh),
# through the C API. Writes bench/build/results.json and results.md, or
# results-cuda-<precision>.json/.md for the CUDA backend.
#
#   bench/build/run.sh [BUILD_DIR] [REPEAT] [cpu|cuda] [fp32|fp16]
#
# REPEAT (default 9) builds and loads per model, medians reported: MNIST
# builds in about a millisecond and loads in a tenth of one, where a
# median of 3 still moves by half of that on this shared machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
repeat=${2:-9}
backend=${3:-cpu}
precision=${4:-fp32}
out=results
[ "$backend" = cpu ] || out=results-$backend-$precision
models_dir=${TRTINFER_MODELS:-$root/../shared/models}
lib=$build/lib/libtrtinfer.so
[ -f "$lib" ] || { echo "bench: build first ($lib missing)" >&2; exit 1; }
# The machine is shared: threads sleep while they wait (see bench/cpu/run.sh).
export OMP_WAIT_POLICY=passive
# Every build and load makes its oneDNN kernels, as in a fresh process.
export ONEDNN_PRIMITIVE_CACHE_CAPACITY=0

load=$(cut -d' ' -f1-3 /proc/loadavg)
python3 "$here/build-bench.py" "$lib" --repeat "$repeat" --backend "$backend" \
  --precision "$precision" \
  "mnist=$root/models/mnist.onnx" \
  "ultraface-rfb320=$models_dir/onnx/ultraface/version-RFB-320.onnx" \
  "super-resolution=$models_dir/onnx/super_resolution/super_resolution.onnx" \
  "resnet50=$models_dir/onnx/light/light_resnet50.onnx" \
  "squeezenet=$models_dir/onnx/light/light_squeezenet.onnx" \
  "inception-v1=$models_dir/onnx/light/light_inception_v1.onnx" \
  "shufflenet=$models_dir/onnx/light/light_shufflenet.onnx" \
  "vgg19=$models_dir/onnx/light/light_vgg19.onnx" > "$here/$out.json"
BENCH_LOAD=$load python3 "$here/report.py" "$here/$out.json" "$here/$out.md" \
  "bench/build/run.sh $* (median of $repeat)"
