#!/usr/bin/env bash
# A real Spark standalone cluster on this machine: one master and two workers, each its own JVM,
# started from the project's Maven classpath (no Spark download), bound to 127.0.0.1 only.
#
#   scripts/local-cluster.sh start     # prints the master URL
#   scripts/local-cluster.sh status
#   scripts/local-cluster.sh stop      # stops every process it started, by PID
#
# Then submit as to any cluster:
#   scripts/submit.sh --master spark://127.0.0.1:17077 --deploy-mode client \
#     --conf spark.executor.cores=1 --conf spark.cores.max=2 -- --config conf/sample.conf
#
# Environment: IG_CLUSTER_PORT (master port, default 17077), IG_CLUSTER_UI_PORT (master web UI,
# default 18080), IG_CLUSTER_WORKERS (default 2), IG_CLUSTER_WORKER_CORES (default 1),
# IG_CLUSTER_WORKER_MEMORY (default 2g), IG_CLUSTER_DIR (state and logs, default
# job/target/local-cluster), IG_CLASSPATH_FILE (a file holding the classpath whose jars the
# cluster runs; default: the project's, built when needed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${IG_CLUSTER_PORT:-17077}"
UI_PORT="${IG_CLUSTER_UI_PORT:-18080}"
WORKERS="${IG_CLUSTER_WORKERS:-2}"
WORKER_CORES="${IG_CLUSTER_WORKER_CORES:-1}"
WORKER_MEMORY="${IG_CLUSTER_WORKER_MEMORY:-2g}"
DIR="${IG_CLUSTER_DIR:-$IG_ROOT/job/target/local-cluster}"
MASTER_URL="spark://127.0.0.1:$PORT"

export SPARK_LOCAL_IP=127.0.0.1
export SPARK_SCALA_VERSION=2.13
# Workers launch executors with $SPARK_HOME/jars on the classpath: a folder of links to the
# project's jars stands in for a Spark install.
export SPARK_HOME="$DIR/spark-home"

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

alive_workers() {
  curl -s --max-time 2 "http://127.0.0.1:$UI_PORT/json/" 2>/dev/null \
    | grep -o '"aliveworkers" *: *[0-9]*' | grep -o '[0-9]*$' || echo 0
}

make_spark_home() {
  local classpath_file="${IG_CLASSPATH_FILE:-}"
  [[ -n "$classpath_file" ]] || classpath_file="$(ig_build compile)"
  rm -rf "$SPARK_HOME"
  mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
  # The classpath file has no trailing newline: add one, or while-read drops the last entry.
  { tr ':' '\n' < "$classpath_file"; echo; } | while read -r jar; do
    if [[ "$jar" == *.jar ]]; then ln -sf "$jar" "$SPARK_HOME/jars/$(basename "$jar")"; fi
  done
  cp "$IG_ROOT/job/src/main/resources/log4j2.properties" "$SPARK_HOME/conf/log4j2.properties"
  echo "$SPARK_HOME/jars/*"
}

launch() { # NAME CLASS ARGS...
  local name="$1"; shift
  local class="$1"; shift
  nohup "$IG_JAVA" "${IG_JVM_FLAGS[@]}" -Xmx512m -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" "$class" "$@" \
    > "$DIR/$name.log" 2>&1 < /dev/null &
  echo $! > "$DIR/$name.pid"
}

start() {
  mkdir -p "$DIR"
  if alive "$DIR/master.pid"; then
    echo "already running: $MASTER_URL" >&2
    return 0
  fi
  make_spark_home > /dev/null
  launch master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port "$UI_PORT"
  for i in $(seq 1 "$WORKERS"); do
    mkdir -p "$DIR/worker-$i"
    launch "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
      --cores "$WORKER_CORES" --memory "$WORKER_MEMORY" --work-dir "$DIR/worker-$i" "$MASTER_URL"
  done
  # Wait until every worker has registered (the master's web UI reports them as JSON).
  for _ in $(seq 1 60); do
    if [[ "$(alive_workers)" -ge "$WORKERS" ]]; then
      echo "$MASTER_URL"
      return 0
    fi
    sleep 1
  done
  echo "workers did not register within 60 s; see $DIR/*.log" >&2
  stop
  return 1
}

stop() {
  local pid_file
  for pid_file in "$DIR"/worker-*.pid "$DIR"/master.pid; do
    [[ -f "$pid_file" ]] || continue
    if alive "$pid_file"; then
      local pid
      pid="$(cat "$pid_file")"
      # A worker's executors are its children: stop them with it.
      pkill -TERM -P "$pid" 2>/dev/null || true
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pid_file"
  done
  echo "stopped" >&2
}

status() {
  local running=0
  for pid_file in "$DIR"/master.pid "$DIR"/worker-*.pid; do
    [[ -f "$pid_file" ]] || continue
    if alive "$pid_file"; then
      echo "$(basename "$pid_file" .pid): running (pid $(cat "$pid_file"))"
      running=1
    else
      echo "$(basename "$pid_file" .pid): not running"
    fi
  done
  [[ $running == 1 ]] || { echo "no cluster running"; return 1; }
  echo "master: $MASTER_URL, $(alive_workers) worker(s) registered (web UI http://127.0.0.1:$UI_PORT)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
