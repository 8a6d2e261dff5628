#!/usr/bin/env bash
# `make cluster`: Debian's redis-server and three replicas of the app on this machine, sharing it.
# Replicas on ports PORT, PORT+1, PORT+2 (default 8601-8603); Redis on REDIS_PORT (default 6390), loopback
# only, nothing persisted. Ctrl-C stops them all. The key, if any, comes from OPENROUTER_API_KEY as for
# `make run`; each replica keeps its own cache folder under CLUSTER_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
PORT="${PORT:-8601}"
REDIS_PORT="${REDIS_PORT:-6390}"
CLUSTER_DIR="${CLUSTER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/openrouter-benchmarks-dashboard/cluster}"
REDIS_SERVER="$(command -v redis-server || true)"
if [ -z "$REDIS_SERVER" ]; then
  echo "make cluster needs Debian's redis-server: apt-get install redis-server" >&2
  exit 2
fi
if [ -z "${OPENROUTER_API_KEY:-}${OPENROUTER_API_KEY_FILE:-}" ]; then
  echo "No OPENROUTER_API_KEY: the replicas serve the bundled snapshot and share nothing through Redis." >&2
fi
mkdir -p "$CLUSTER_DIR"
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM
"$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$CLUSTER_DIR/redis.log" 2>&1 &
pids+=($!)
for n in 0 1 2; do
  port=$((PORT + n))
  BENCHMARKS_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" \
  BENCHMARKS_CACHE_DIR="$CLUSTER_DIR/replica-$n" \
  BENCHMARKS_ARCHIVE_DIR="$CLUSTER_DIR/archive" \
    "$PY" -m streamlit run app.py --server.headless true --server.address 127.0.0.1 --server.port "$port" \
    --browser.gatherUsageStats false >"$CLUSTER_DIR/replica-$n.log" 2>&1 &
  pids+=($!)
  echo "replica $n: http://127.0.0.1:$port"
done
echo "redis: redis://127.0.0.1:$REDIS_PORT/0 · logs in $CLUSTER_DIR · Ctrl-C stops all"
wait
