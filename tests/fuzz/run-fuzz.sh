#!/bin/sh
# Builds the fuzz targets with clang, libFuzzer, ASan and UBSan, and runs
# each for SECONDS, one after the other (one process: the machines this
# runs on are small).
#
#   tests/fuzz/run-fuzz.sh BUILD_DIR SECONDS [TARGET...]   (make fuzz)
#
# Inputs: the committed corpus (tests/fuzz/corpus/<target>), plus seeds
# made for this run under BUILD_DIR/fuzz-seeds: the ONNX backend node
# tests (libonnx-testdata), the models under ../shared/models, engines
# built from the ONNX seeds and graphs from make-tf-seeds. New inputs the
# fuzzer finds go to BUILD_DIR/fuzz-corpus/<target> (kept between runs); a
# crash, leak, timeout or sanitizer report leaves its input in
# BUILD_DIR/fuzz-artifacts/<target>/ and fails the run. After fixing one,
# copy its input into tests/fuzz/corpus/<target>/ so that the fuzz-<target>
# test keeps it fixed. The last lines are one summary line per target,
# also written to BUILD_DIR/fuzz-summary.txt.
set -u
build=${1:?usage: run-fuzz.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: run-fuzz.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
src=$(cd "$(dirname "$0")/../.." && pwd)
shared=$src/../shared/models
node_tests=/usr/share/libonnx-testdata/data/node

clang=$(command -v clang || command -v clang-14)
if [ -z "$clang" ]; then
  echo "run-fuzz.sh: clang is missing (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 1
fi
if [ ! -f "$build/build.ninja" ]; then
  # Coverage instrumentation for the whole library; the targets themselves
  # link libFuzzer (tests/fuzz/meson.build).
  CC=$clang CFLAGS=-fsanitize=fuzzer-no-link meson setup "$build" \
    -Db_sanitize=address,undefined -Db_lundef=false -Dcuda=disabled || exit 1
fi
ninja -C "$build" -j 2 || exit 1

[ $# -gt 0 ] || set -- onnx onnx-tensor engine caffe tensorflow npy labels gst-config
# UBSan reports are findings too: stop at the first, as ASan does.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
seeds=$build/fuzz-seeds

# Copies files under $2 named like $3 and smaller than 300 KB into $1
# (big seeds slow every mutation down).
add_seeds() {
  mkdir -p "$1"
  [ -d "$2" ] || return 0
  find "$2" -type f -name "$3" -size -300k | while read -r f; do
    cp "$f" "$1/$(echo "${f#"$2"/}" | tr / _)"
  done
}

make_seeds() {
  dir=$seeds/$1
  rm -rf "$dir"   # per target: two runs on other targets may share BUILD_DIR
  mkdir -p "$dir"
  case $1 in
    onnx)
      add_seeds "$dir" "$node_tests" 'model.onnx'
      add_seeds "$dir" "$shared" '*.onnx' ;;
    onnx-tensor)
      add_seeds "$dir" "$node_tests" '*.pb'
      add_seeds "$dir" "$shared" '*.pb' ;;
    engine)
      for m in "$src"/tests/fuzz/corpus/onnx/*.onnx; do
        "$build/tools/trtinfer" build "$m" --backend cpu \
          -o "$dir/$(basename "$m" .onnx).engine" >/dev/null 2>&1
      done ;;
    tensorflow)
      "$build/tests/fuzz/make-tf-seeds" "$dir"
      add_seeds "$dir" "$shared" '*.uff' ;;
    caffe)
      # Deploy files alone, and the small caffemodels with their deploy file.
      find "$shared" -name '*.prototxt' 2>/dev/null | while read -r p; do
        base=${p%.prototxt}
        { cat "$p"; printf '\n#caffemodel\n'; } > "$dir/$(basename "$base").deploy"
        if [ -f "$base.caffemodel" ] && [ "$(wc -c < "$base.caffemodel")" -lt 500000 ]; then
          { cat "$p"; printf '\n#caffemodel\n'; cat "$base.caffemodel"; } \
            > "$dir/$(basename "$base").both"
        fi
      done ;;
  esac
}

summary=$build/fuzz-summary.txt
: > "$summary"
failed=0
for target in "$@"; do
  exe=$build/tests/fuzz/fuzz-$target
  if [ ! -x "$exe" ]; then
    echo "fuzz-$target: not built (needs clang with libFuzzer; gst-config needs GStreamer)" |
      tee -a "$summary"
    failed=1
    continue
  fi
  make_seeds "$target"
  work=$build/fuzz-corpus/$target
  artifacts=$build/fuzz-artifacts/$target
  mkdir -p "$work" "$artifacts"
  dict=
  [ -f "$src/tests/fuzz/$target.dict" ] && dict=-dict=$src/tests/fuzz/$target.dict
  # The CLI's .npy reader prints one error line per rejected input; libFuzzer
  # keeps its own and the sanitizers' reports when the target's stderr closes.
  quiet=
  [ "$target" = npy ] && quiet=-close_fd_mask=2
  log=$build/fuzz-$target.log
  echo "fuzz-$target: running for ${seconds}s (log: $log)"
  start=$(date +%s)
  # shellcheck disable=SC2086
  "$exe" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len=1048576 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" $dict $quiet \
    "$work" "$src/tests/fuzz/corpus/$target" "$seeds/$target" > "$log" 2>&1
  status=$?
  took=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ $status -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $status; input in $artifacts; see $log)"
    failed=1
    grep -E "^(==[0-9]+==ERROR|SUMMARY|finding:)" "$log" | head -5
  fi
  echo "fuzz-$target: ${took}s, ${runs:-?} inputs, $(ls "$work" | wc -l) in corpus: $result" |
    tee -a "$summary"
done
echo "fuzz summary:"; cat "$summary"
exit $failed
