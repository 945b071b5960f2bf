#!/bin/sh
# Runs every test of a build and, given a second build made with
# -Db_sanitize=address,undefined (make test: build-asan), the unit, ops,
# parser, conformance, tool, vision and fuzz-corpus suites again under
# AddressSanitizer + UndefinedBehaviorSanitizer (the GStreamer, CUDA and
# Python suites are not in that build or do not load a sanitized library;
# sanitized code runs 2-3 times slower, so its test timeouts are tripled).
# Ends with the line
#   N passed, N failed, N skipped
# counting both runs (also written to BUILD/test-summary.txt); exits
# non-zero on any failure.
build=${1:-build}
asan_build=${2:-}
start=$(date +%s)
meson test -C "$build" --print-errorlogs --num-processes 2 --no-rebuild
status=$?
echo "== $build: tests took $(($(date +%s) - start))s"
if [ -n "$asan_build" ]; then
  echo "== the same suites under ASan + UBSan ($asan_build)"
  start=$(date +%s)
  # Any sanitizer report fails its test: UBSan stops at the first error
  # instead of printing and going on; leaks are reported at exit.
  ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1:print_summary=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1:print_summary=1} \
    meson test -C "$asan_build" --print-errorlogs --num-processes 2 --no-rebuild \
      --timeout-multiplier 3 \
      --suite unit --suite ops --suite parsers --suite conformance --suite tools \
      --suite vision --suite fuzz || status=1
  echo "== $asan_build: tests took $(($(date +%s) - start))s"
fi
python3 - "$build" "$asan_build" <<'PY'
import json, sys
build, asan_build = sys.argv[1], sys.argv[2]
total = {"passed": 0, "failed": 0, "skipped": 0}
def count(b):
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    with open(f"{b}/meson-logs/testlog.json") as f:
        for line in f:
            result = json.loads(line)["result"]
            if result in ("OK", "EXPECTEDFAIL"):
                counts["passed"] += 1
            elif result == "SKIP":
                counts["skipped"] += 1
            else:
                counts["failed"] += 1
    return counts
def line(c):
    return f"{c['passed']} passed, {c['failed']} failed, {c['skipped']} skipped"
for b in [build] + ([asan_build] if asan_build else []):
    c = count(b)
    print(f"{b}: {line(c)}")
    for k in total:
        total[k] += c[k]
summary = line(total)
open(f"{build}/test-summary.txt", "w").write(summary + "\n")
print(summary)
PY
exit $status
