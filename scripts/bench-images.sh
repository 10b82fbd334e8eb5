#!/usr/bin/env bash
# Image files end to end on the Fashion-MNIST sample (conf/sample-images.conf, 300 PNG files of
# 28x28, a small CNN): the job's decoding alone (ImageDecodeBench), then the whole job with
# Integrated Gradients (Gauss-Legendre 50), with Blur IG (100 steps) and with XRAI (full and
# fast ranking; IG from two baselines, 50 steps, segments at 224x224), each a fresh JVM through
# scripts/run-local.sh. Prints each run's checks, attribution pass, rows/s of the pass and task
# seconds from run.json, and decoding's share of the pass's task time (decode time per file x
# files / task seconds), with the machine's CPU.
#
#   scripts/bench-images.sh [WORK_FOLDER]     # default out/bench-images
#
# Environment: IG_REBUILD=1 forces the build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IG_ROOT"
work="${1:-$IG_ROOT/out/bench-images}"
mkdir -p "$work"
classpath_file="$(ig_build compile bench)"
ig_build compile >/dev/null

echo "== machine: $(nproc) cores, $(lscpu | grep -E '^(Model name|CPU family|Model):' | tr -s ' ' | paste -sd ';'), $(java -version 2>&1 | head -n 1)"
echo "== $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

decode_line="$("$IG_JAVA" "${IG_JVM_FLAGS[@]}" -cp "$IG_BENCH_CLASSES:$(cat "$classpath_file")" io.igaudit.bench.ImageDecodeBench \
  data-samples/images/fashion 1,28,28 0 0 0.2860 0.3530 5 2>/dev/null | grep '^decode:')"
echo "$decode_line"
decode_ms="$(echo "$decode_line" | sed -E 's/.* ([0-9.]+) ms per file.*/\1/')"

run() {  # run NAME [--set ...]
  local name="$1"; shift
  scripts/run-local.sh --config conf/sample-images.conf "$@" --set "output.path=$work/$name" > "$work/$name.log" 2>&1 \
    || { echo "run $name failed: $work/$name.log" >&2; tail -n 5 "$work/$name.log" >&2; return 1; }
  python3 - "$work/$name/run.json" "$name" "$decode_ms" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
t = run["timings_seconds"]
rows = run["counts"]["attributed_rows"]
decode = float(sys.argv[3]) * rows / 1000
print(f"{sys.argv[2]}: {rows} images; checks {t['validation']:.2f} s, pass {t['attribution']:.2f} s "
      f"({rows / t['attribution']:.1f} rows/s), task time {t['attribution_tasks']:.2f} s "
      f"({t['attribution_tasks_in_model']:.2f} s in the model), whole run {t['total']:.2f} s; "
      f"decoding {decode:.2f} s = {100 * decode / t['attribution_tasks']:.1f} % of the task time; outside the model "
      f"{1000 * (t['attribution_tasks'] - t['attribution_tasks_in_model']) / rows:.0f} ms per image")
PY
}

run ig --set attribution.method=gausslegendre
run blur-ig --set attribution.method=blur_ig
run xrai-full --set attribution.method=xrai --set attribution.xrai.algorithm=full
run xrai-fast --set attribution.method=xrai --set attribution.xrai.algorithm=fast
