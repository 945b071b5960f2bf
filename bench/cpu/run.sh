#!/bin/bash
# CPU benchmark: trtinfer's CPU backend against onnxruntime's CPU execution
# provider, in the same run on the same machine, 1 and 2 threads, batch 1 and
# 8. Writes bench/cpu/results.json, results.md (table) and results.png.
#
#   bench/cpu/run.sh [BUILD_DIR] [DURATION_S] [ROUNDS]
#
# Each case is measured in ROUNDS (default 3) rounds of DURATION_S seconds,
# trtinfer and onnxruntime in turn; the report takes each figure's median
# over the rounds, so a round that another job on this shared machine
# disturbs does not decide the case.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
duration=${2:-1}
rounds=${3:-3}
models_dir=${TRTINFER_MODELS:-$root/../shared/models}
trtinfer=$build/tools/trtinfer
[ -x "$trtinfer" ] || { echo "bench: build first ($trtinfer missing)" >&2; exit 1; }

# The peer: onnxruntime-node from the npm registry. Its install script only
# fetches GPU libraries, so it is skipped; the CPU library ships in the package.
peer=$root/bench/.node
if [ ! -d "$peer/node_modules/onnxruntime-node" ]; then
  mkdir -p "$peer"
  (cd "$peer" && npm install --silent --ignore-scripts onnxruntime-node@1.30.0 >/dev/null)
fi
command -v gnuplot >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq gnuplot-nox >/dev/null; } || true

# Both engines run with their thread pools as users get them: idle threads
# spin a while before they sleep (libgomp's default wait policy under
# trtinfer's oneDNN, onnxruntime's allow_spinning 1). Told to sleep at
# once (OMP_WAIT_POLICY=passive, ort-bench.js --no-spin), both pay a wake
# per parallel region; trtinfer then gives small layers one thread
# (lib/cpu/dnnl/dnnl-threads.c).
unset OMP_WAIT_POLICY

# name|path|input name (for batch overrides)|input dims at batch 1 (CxHxW..)
models=(
  "mnist|$root/models/mnist.onnx|Input3|1x28x28"
  "ultraface-rfb320|$models_dir/onnx/ultraface/version-RFB-320.onnx|input|3x240x320"
  "super-resolution|$models_dir/onnx/super_resolution/super_resolution.onnx|input|1x224x224"
  "resnet50|$models_dir/onnx/light/light_resnet50.onnx|gpu_0/data_0|3x224x224"
  "squeezenet|$models_dir/onnx/light/light_squeezenet.onnx|data_0|3x224x224"
  "inception-v1|$models_dir/onnx/light/light_inception_v1.onnx|data_0|3x224x224"
  "shufflenet|$models_dir/onnx/light/light_shufflenet.onnx|gpu_0/data_0|3x224x224"
  "vgg19|$models_dir/onnx/light/light_vgg19.onnx|data_0|3x224x224"
)

load=$(cut -d' ' -f1-3 /proc/loadavg)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$here/results.json
echo "[" > "$out"
first=1
for entry in "${models[@]}"; do
  IFS='|' read -r name path input dims <<<"$entry"
  [ -f "$path" ] || { echo "bench: skipping $name ($path missing)" >&2; continue; }
  for batch in 1 8; do
    # Models exported at batch 1 run batch 8 from a copy made for it.
    model=$path
    if [ "$batch" != 1 ]; then
      model=$tmp/$name-batch$batch.onnx
      python3 "$here/batch-model.py" "$path" "$batch" "$model"
    fi
    for threads in 1 2; do
      shape="$input=${batch}x$dims"
      t=() o=()
      for ((round = 0; round < rounds; round++)); do
        t+=("$("$trtinfer" bench "$model" --backend cpu --input-shape "$shape" --batch "$batch" \
                 --threads "$threads" --duration "$duration" --json 2>/dev/null || echo null)")
        o+=("$(NODE_PATH=$peer/node_modules node "$here/ort-bench.js" "$model" --threads "$threads" \
                 --batch "$batch" --input-shape "$shape" --duration "$duration" 2>/dev/null || echo null)")
      done
      [ $first = 1 ] || echo "," >> "$out"
      first=0
      printf '{"model":"%s","batch":%d,"threads":%d,"trtinfer":[%s],"onnxruntime":[%s]}\n' \
        "$name" "$batch" "$threads" "$(IFS=,; echo "${t[*]}")" "$(IFS=,; echo "${o[*]}")" >> "$out"
      echo "bench: $name batch $batch threads $threads done" >&2
    done
  done
done
echo "]" >> "$out"
BENCH_LOAD=$load python3 "$here/report.py" "$out" "$here/results.md" "$here/results.png" \
  "bench/cpu/run.sh $* ($rounds rounds of ${duration}s per engine and case, in turn)"
