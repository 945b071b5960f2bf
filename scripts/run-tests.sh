#!/bin/sh
# Runs every test of a build and ends with the line
#   N passed, N failed, N skipped
# (also written to BUILD/test-summary.txt); exits non-zero on any failure.
build=${1:-build}
meson test -C "$build" --print-errorlogs --num-processes 2 --no-rebuild
status=$?
python3 - "$build" <<'PY'
import json, sys
build = sys.argv[1]
counts = {"passed": 0, "failed": 0, "skipped": 0}
with open(f"{build}/meson-logs/testlog.json") as f:
    for line in f:
        result = json.loads(line)["result"]
        if result in ("OK", "EXPECTEDFAIL"):
            counts["passed"] += 1
        elif result == "SKIP":
            counts["skipped"] += 1
        else:
            counts["failed"] += 1
summary = f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"
open(f"{build}/test-summary.txt", "w").write(summary + "\n")
print(summary)
PY
exit $status
