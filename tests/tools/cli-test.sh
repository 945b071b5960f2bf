#!/bin/sh
# Tests of the `trtinfer` command line tool. One test per call:
#   cli-test.sh NAME
# with TRTINFER, TENSOR_TOOL, PYTHON, MAKE_TEST_DATA, SRCDIR and SHARED_MODELS
# in the environment (tests/tools/meson.build sets them). Exit 0 pass,
# 1 fail, 77 skip (a model the test needs is neither in models/ nor in
# ../shared/models).
set -u
name=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/trtinfer-cli-test.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
note() { echo "--- $*"; }

# Runs the CLI, keeping stdout in out.txt and stderr in err.txt; sets rc.
cli() {
  note "trtinfer $*"
  "$TRTINFER" "$@" >out.txt 2>err.txt
  rc=$?
  cat out.txt
  cat err.txt >&2
}

expect_ok() {
  cli "$@"
  [ "$rc" -eq 0 ] || fail "exit status $rc, expected 0: trtinfer $*"
}

# expect_error TEXT... -- ARGS: a clean failure (1 or 2, not a crash) with
# exactly one error line on stderr that holds every TEXT.
expect_error() {
  texts=""
  while [ "$1" != "--" ]; do texts="$texts
$1"; shift; done
  shift
  cli "$@"
  [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ] || fail "exit status $rc, expected 1 or 2: trtinfer $*"
  lines=$(grep -c "error:" err.txt)
  [ "$lines" -eq 1 ] || fail "expected one error line on stderr, got $lines: trtinfer $*"
  line=$(grep "error:" err.txt)
  printf '%s\n' "$texts" | while IFS= read -r text; do
    [ -z "$text" ] && continue
    case $line in
      *"$text"*) ;;
      *) echo "FAIL: the error line does not name '$text': $line" >&2; exit 1 ;;
    esac
  done || exit 1
}

expect_stdout() {
  grep -q -e "$1" out.txt || fail "stdout lacks '$1'"
}

same_tensor() { # ACTUAL EXPECTED [TOLERANCE]
  "$TENSOR_TOOL" compare "$@" || fail "$1 differs from $2"
}

make_data() {
  "$PYTHON" "$MAKE_TEST_DATA" data || fail "cannot make the test data"
}

# The MNIST ONNX model and its test sets, from models/ or ../shared/models.
find_mnist() {
  mnist=""
  for f in "$SRCDIR/models/mnist.onnx" "$SRCDIR/models/mnist/mnist.onnx" \
           "$SHARED_MODELS/mnist/mnist.onnx"; do
    if [ -f "$f" ]; then mnist=$f; break; fi
  done
  [ -n "$mnist" ] || skip "mnist.onnx is neither in models/ nor in $SHARED_MODELS"
  mnist_dir=$(dirname "$mnist")
  sets=""
  for d in "$mnist_dir/onnx_test_data" "$mnist_dir/mnist" "$mnist_dir" \
           "$SHARED_MODELS/mnist/onnx_test_data"; do
    if [ -f "$d/test_data_set_0/input_0.pb" ]; then sets=$d; break; fi
  done
}

# ---- tests -------------------------------------------------------------------

test_usage() {
  expect_ok --version
  expect_stdout "^trtinfer [0-9][0-9.]*$"
  expect_ok --help
  expect_stdout "Commands:"
  for c in build run bench inspect classify; do
    expect_ok "$c" --help
    expect_stdout "^Usage: trtinfer $c"
  done
  expect_ok help run
  expect_stdout "^Usage: trtinfer run"
  expect_ok bench --help
  expect_stdout "OMP_NUM_THREADS"
  cli
  [ "$rc" -eq 2 ] || fail "no arguments: exit status $rc, expected 2"
  expect_error "unknown command 'frobnicate'" -- frobnicate
  expect_error "unknown option '--bogus'" -- run model.onnx --bogus
  expect_error "--batch" "'x'" -- bench model.onnx --batch x
  expect_error "--warmup" -- bench model.onnx --warmup
  expect_error "no MODEL" -- run
  expect_error "no -o ENGINE" -- build model.onnx
  expect_error "--backend" "'gpu'" -- run model.onnx --backend gpu
  expect_error "--precision" -- run model.onnx --precision fp64
  expect_error "--input-order" -- run model.onnx --input-order chw
  expect_error "--input-shape" -- run model.onnx --input-shape data
  expect_error "--output-format" -- run model.onnx --output-format csv
  expect_error "unexpected argument 'extra'" -- inspect a.onnx extra
  expect_error "no IMAGE" -- classify model.onnx
}

test_missing_file() {
  for c in run bench inspect; do
    expect_error "no-such-model.onnx" -- "$c" no-such-model.onnx
  done
  expect_error "no-such-model.onnx" -- build no-such-model.onnx -o x.engine
  expect_error "no-such.engine" -- run no-such.engine
  make_data
  expect_error "missing.npy" -- run data/tiny.onnx --input X=missing.npy
}

test_bad_models() {
  make_data
  head -c 40 data/tiny.onnx >truncated.onnx
  expect_error "truncated.onnx" -- run truncated.onnx
  expect_error "truncated.onnx" -- inspect truncated.onnx
  # Random bytes: a fixed pattern from a seeded generator, never the same
  # as a real model.
  "$PYTHON" -c "import random,sys; r=random.Random(7); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(5000)))" >random.onnx
  expect_error "random.onnx" -- run random.onnx
  cp random.onnx random.engine
  expect_error "random.engine" -- inspect random.engine
  expect_error "random.engine" -- bench random.engine --duration 0.1
  : >empty.onnx
  expect_error "empty.onnx" -- inspect empty.onnx
  printf 'name: "LeNet"\n' >net.prototxt
  expect_error "net.prototxt" "--weights" -- run net.prototxt
  : >empty.caffemodel
  expect_error "net.prototxt" -- run net.prototxt --weights empty.caffemodel
  expect_error "tiny.onnx" "--weights" -- build data/tiny.onnx --weights w.caffemodel -o e.engine

  expect_ok build data/tiny.onnx --max-batch 2 -o tiny.engine
  size=$(wc -c <tiny.engine)
  head -c $((size / 2)) tiny.engine >truncated.engine
  expect_error "truncated.engine" -- run truncated.engine --input X=data/x.npy
  expect_error "truncated.engine" -- inspect truncated.engine
  head -c 16 tiny.engine >header-only.engine
  expect_error "header-only.engine" -- inspect header-only.engine
}

test_run_tensors() {
  make_data
  m=data/tiny.onnx
  expect_ok run $m --max-batch 2 --input X=data/x.npy --output-dir out
  expect_stdout "out/output_0.pb: 'Y' float32 2x3x2x2"
  same_tensor out/output_0.pb data/y.npy 0
  same_tensor out/output_1.pb data/z.npy 0
  expect_ok run $m --max-batch 2 --input X=data/x.npy --output-dir npy --output-format npy
  same_tensor npy/output_0.npy data/y.npy 0
  same_tensor npy/output_1.npy out/output_1.pb 0
  # A model's output read back as an input (a .pb written by the CLI).
  expect_ok run $m --max-batch 2 --input X=out/output_1.pb --output-dir back
  same_tensor back/output_1.pb data/x.npy 0

  # Element types and byte orders are converted to the input's type.
  for f in x_f8 x_be; do
    expect_ok run $m --max-batch 2 --input X=data/$f.npy --output-dir $f
    same_tensor $f/output_0.pb data/y.npy 0
  done
  expect_ok run $m --max-batch 2 --input X=data/x_i4.npy --output-dir i4
  same_tensor i4/output_0.pb data/y_i4.npy 0

  # NHWC data is transposed to the network's NCHW.
  expect_ok run $m --max-batch 2 --input-order nhwc --input X=data/x_nhwc.npy --output-dir nhwc
  same_tensor nhwc/output_0.pb data/y.npy 0

  # A batch smaller than the max batch runs at that size.
  expect_ok run $m --max-batch 2 --input X=data/x_b1.npy --output-dir b1
  same_tensor b1/output_0.pb data/y_b1.npy 0

  # Same volume, other shape: accepted with a warning.
  expect_ok run $m --max-batch 2 --input X=data/x_flat.npy --output-dir flat
  grep -q "warning: .*same number of elements" err.txt || fail "no warning for x_flat"
  same_tensor flat/output_0.pb data/y.npy 0

  # --input-shape fixes the symbolic batch; --outputs picks the outputs.
  expect_ok run $m --input-shape X=2x3x2x2 --outputs Z --input X=data/x.npy --output-dir z
  [ ! -e z/output_1.pb ] || fail "--outputs Z wrote a second output"
  same_tensor z/output_0.pb data/z.npy 0
  # ... or by node name: "neg" computes Z.
  expect_ok run $m --input-shape X=2x3x2x2 --outputs neg,Y --input X=data/x.npy --output-dir neg
  same_tensor neg/output_0.pb data/z.npy 0
  same_tensor neg/output_1.pb data/y.npy 0

  # Without --output-dir: a summary on stdout.
  expect_ok run $m --input-shape X=1x3x2x2 --input X=data/x_b1.npy
  expect_stdout "^output 0 'Y' float32 1x3x2x2"
  expect_stdout "values: 0 0 0 0 0 0 0 0 0 0 ... (12 values)"

  expect_error "x_bad.npy" "2x3x2x3" "2x3x2x2" -- run $m --max-batch 2 --input X=data/x_bad.npy
  expect_error "'X' has no data" -- run $m --max-batch 2
  expect_error "no input named 'Q'" -- run $m --input Q=data/x.npy
  expect_error "no input named 'Q'" -- run $m --input-shape Q=1x2
  expect_error "no tensor or layer named 'nope'" -- run $m --outputs nope --input X=data/x.npy
  mkdir empty-dir
  expect_error "input_0" -- run $m --inputs-dir empty-dir
  printf 'not a tensor' >junk.pb
  expect_error "junk.pb" -- run $m --input X=junk.pb
  head -c 100 data/x.npy >cut.npy
  expect_error "cut.npy" "truncated" -- run $m --input X=cut.npy
  head -c 140 data/x.npy >cut-data.npy
  expect_error "cut-data.npy" "truncated" "2x3x2x2" -- run $m --input X=cut-data.npy
  printf '\223NUMPY\001\000\021\000{"descr": 1}    \n' >bad-header.npy
  expect_error "bad-header.npy" "descr" -- run $m --input X=bad-header.npy

  # --verbose passes the library's messages on.
  expect_ok run $m --verbose --max-batch 2 --input X=data/x.npy
  grep -q "\[info\]" err.txt || fail "--verbose printed no [info] line"
}

test_engine_file() {
  make_data
  expect_ok build data/tiny.onnx --max-batch 2 -o tiny.engine
  expect_stdout "tiny.engine"
  [ -s tiny.engine ] || fail "no engine written"
  expect_ok run data/tiny.onnx --max-batch 2 --input X=data/x.npy --output-dir from-model
  expect_ok run tiny.engine --input X=data/x.npy --output-dir from-engine
  same_tensor from-engine/output_0.pb from-model/output_0.pb 0
  same_tensor from-engine/output_1.pb from-model/output_1.pb 0
  expect_ok run tiny.engine --input-shape X=1x3x2x2 --input X=data/x_b1.npy --output-dir b1
  same_tensor b1/output_0.pb data/y_b1.npy 0
  # An engine file's shapes are fixed: options that rebuild are refused or ignored.
  expect_error "X=3x3x2x2" "tiny.engine" -- run tiny.engine --input-shape X=3x3x2x2 --input X=data/x.npy
  expect_ok run tiny.engine --max-batch 8 --input X=data/x.npy
  grep -q "warning: .*ignored" err.txt || fail "no warning for --max-batch on an engine"
  # A file without a known extension is told by its bytes.
  cp tiny.engine tiny.bin
  expect_ok inspect tiny.bin
  expect_stdout "^file  tiny.bin (engine file)"
  expect_ok run tiny.bin --input X=data/x.npy --output-dir from-bin
  same_tensor from-bin/output_0.pb data/y.npy 0
}

test_inspect() {
  make_data
  expect_ok inspect data/tiny.onnx --max-batch 2
  expect_stdout "^file  data/tiny.onnx (ONNX model"
  expect_stdout "arena"
  expect_stdout "all activations"
  expect_stdout "2x3x2x2"
  expect_stdout "Relu\|relu\|RELU\|ACTIVATION\|activation"
}

check_json() { # FILE BATCH
  "$PYTHON" - "$1" "$2" <<'PY' || fail "bench --json output is not the expected JSON"
import json, sys
text = open(sys.argv[1]).read()
doc = json.loads(text)            # exactly one object: anything more fails here
assert isinstance(doc, dict), doc
assert doc["throughput_qps"] > 0, doc
lat = doc["latency_ms"]
for k in ("min", "mean", "median", "p90", "p95", "p99"):
    assert lat[k] > 0, (k, lat)
assert lat["min"] <= lat["median"] <= lat["p90"] <= lat["p95"] <= lat["p99"], lat
assert lat["min"] <= lat["mean"], lat
assert doc["iterations"] >= 1, doc
assert doc["batch"] == int(sys.argv[2]), doc
print("json ok:", doc["throughput_qps"], "qps")
PY
}

test_bench() {
  make_data
  expect_ok bench data/tiny.onnx --duration 0.2 --warmup 20 --json
  check_json out.txt 1
  expect_ok bench data/tiny.onnx --batch 2 --threads 1 --duration 0.1 --warmup 0 --json
  check_json out.txt 2
  expect_ok bench data/tiny.onnx --duration 0.1 --warmup 0
  expect_stdout "throughput"
  expect_stdout "p99"
  expect_error "--batch 4" "max batch is 2" -- bench data/tiny.onnx --max-batch 2 --batch 4
  expect_error "fixed input shapes" -- bench data/tiny.onnx --input-shape X=1x3x2x2 --batch 2
  # A batch given in the shape: throughput counts its items.
  expect_ok bench data/tiny.onnx --input-shape X=4x3x2x2 --batch 4 --duration 0.1 --warmup 0 --json
  check_json out.txt 4
}

test_mnist() {
  find_mnist
  [ -n "$sets" ] || skip "no MNIST test_data_set_* next to $mnist"
  i=0
  for set in "$sets"/test_data_set_*; do
    expect_ok run "$mnist" --inputs-dir "$set" --output-dir "out$i"
    same_tensor "out$i/output_0.pb" "$set/output_0.pb" 1e-5
    expect_ok run "$mnist" --inputs-dir "$set"
    want=$("$TENSOR_TOOL" argmax "$set/output_0.pb")
    expect_stdout "argmax: $want "
    i=$((i + 1))
  done
  [ $i -gt 0 ] || fail "no test sets in $sets"
  expect_ok build "$mnist" -o mnist.engine
  expect_ok run mnist.engine --inputs-dir "$sets/test_data_set_0" --output-dir engine-out
  same_tensor engine-out/output_0.pb out0/output_0.pb 0
  expect_ok inspect mnist.engine
  expect_stdout "arena"
  expect_ok bench mnist.engine --duration 0.2 --warmup 20 --json
  check_json out.txt 1
}

test_mnist_classify() {
  find_mnist
  digits=""
  for d in "$mnist_dir/mnist" "$mnist_dir" "$SHARED_MODELS/mnist"; do
    if [ -f "$d/0.pgm" ]; then digits=$d; break; fi
  done
  [ -n "$digits" ] || skip "no MNIST digit images (0.pgm ... 9.pgm)"
  printf 'zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n' >labels.txt
  # The digits are dark on white; the model takes 1 - pixel/255.
  images=""
  for n in 0 1 2 3 4 5 6 7 8 9; do images="$images $digits/$n.pgm"; done
  # shellcheck disable=SC2086
  expect_ok classify "$mnist" $images --labels labels.txt --topk 1 \
    --scale -0.0039215686 --offsets 255
  set -- zero one two three four five six seven eight nine
  for n in 0 1 2 3 4 5 6 7 8 9; do
    label=$1; shift
    grep -A1 "/$n.pgm\$" out.txt | grep -q "class $n .* $label\$" ||
      fail "$n.pgm is not classified as $n"
  done
  # PNG where the library reads it (built with libpng), else a clear refusal.
  if [ -f "$digits/3.png" ]; then
    cli classify "$mnist" "$digits/3.png" --topk 1 --scale -0.0039215686 --offsets 255
    if [ "$rc" -eq 0 ]; then
      grep -q "class 3 " out.txt || fail "3.png is not classified as 3"
    else
      grep -qi "png" err.txt || fail "3.png refused without naming PNG"
    fi
  fi
  expect_error "missing.pgm" -- classify "$mnist" missing.pgm
  expect_error "no-labels.txt" -- classify "$mnist" "$digits/0.pgm" --labels no-labels.txt
  expect_error "--color-format rgb" -- classify "$mnist" "$digits/0.pgm" --color-format rgb
}

case $name in
  usage) test_usage ;;
  missing-file) test_missing_file ;;
  bad-models) test_bad_models ;;
  run-tensors) test_run_tensors ;;
  engine-file) test_engine_file ;;
  inspect) test_inspect ;;
  bench) test_bench ;;
  mnist) test_mnist ;;
  mnist-classify) test_mnist_classify ;;
  *) fail "unknown test '$name'" ;;
esac
echo "PASS: $name"
