#!/bin/bash
# GPU benchmark: trtinfer against PyTorch eager and PyTorch with CUDA graphs,
# in one run on the GPU machine, for torchvision ResNet-50, MobileNetV2,
# SqueezeNet 1.1 and a LeNet exported with torch.onnx.export, at several
# batch sizes in FP32 and FP16. Writes OUT/results.md (bench/gpu/report.py)
# and the raw JSON lines next to it.
#
# Usage: bench/gpu/run.sh BUILD_DIR OUT [BATCHES] [SECONDS]
#   BATCHES  comma-separated (default 1,8,64,256)
#   SECONDS  timed seconds of each trtinfer bench (default 1)
# MODELS and PRECISIONS (space-separated) pick a subset of trtinfer's runs.
#
# trtinfer runs with --device-buffers: its bindings stay in GPU memory, as
# PyTorch's tensors do, so neither side times host copies.
set -u
build=$1 out=$2 batches=${3:-1,8,64,256} seconds=${4:-1}
here=$(cd "$(dirname "$0")" && pwd)
trtinfer=$build/tools/trtinfer
mkdir -p "$out/models"
if ! python3 -c "import torch, torchvision" 2>"$out/torch-import.txt"; then
  echo "bench: PyTorch/torchvision cannot be imported here:" >&2
  cat "$out/torch-import.txt" >&2
  exit 1
fi
python3 "$here/torch_bench.py" export "$out/models" || exit 1
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader > "$out/gpu.txt"
python3 -c "import torch; print(torch.__version__, torch.version.cuda, torch.backends.cudnn.version())" \
  > "$out/torch-version.txt"

# PyTorch first: its timings are the reference.
python3 "$here/torch_bench.py" time "$out/models" "$batches" > "$out/torch.jsonl" ||
  echo "bench: the PyTorch timing failed" >&2

# trtinfer: one engine per model, precision and batch (convolution
# algorithms are timed for that batch); the timing cache keeps the timings
# for a rerun.
: > "$out/trtinfer.jsonl"
for model in ${MODELS:-resnet50 mobilenet_v2 squeezenet1_1 lenet}; do
  for precision in ${PRECISIONS:-fp32 fp16}; do
    for batch in ${batches//,/ }; do
      line=$(timeout 60 "$trtinfer" bench "$out/models/$model.onnx" --backend cuda \
        --precision $precision --batch $batch --warmup 300 --duration "$seconds" --device-buffers \
        --timing-cache "$out/timing-cache.txt" --json 2>>"$out/trtinfer-stderr.txt")
      echo "{\"model\": \"$model\", \"precision\": \"$precision\", \"batch\": $batch, \"trtinfer\": ${line:-null}}" \
        >> "$out/trtinfer.jsonl"
      echo "trtinfer $model $precision batch $batch: ${line:-failed}"
    done
    # Outputs for the FP16/FP32 agreement check.
    mkdir -p "$out/models/$model-$precision"
    timeout 60 "$trtinfer" run "$out/models/$model.onnx" --backend cuda --precision $precision \
      --max-batch 4 --input input="$out/models/$model-input.npy" --output-dir "$out/models/$model-$precision" \
      --output-format npy >/dev/null 2>>"$out/trtinfer-stderr.txt"
  done
done
python3 "$here/torch_bench.py" compare "$out/models" > "$out/agreement.jsonl"
python3 "$here/report.py" "$out" > "$out/results.md"
cat "$out/results.md"
