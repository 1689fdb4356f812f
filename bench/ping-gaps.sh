#!/usr/bin/env bash
# Gaps between WATCHDOG=1 pings while the verdict is healthy, whatever a check costs: test-app with the
# agent under a notify-socket stand-in, in four cases:
#   idle-10k:  10,000 threads parked 30 frames deep, WatchdogSec=1s, the progress point goes idle;
#   stuck-10k: the same, the point goes stuck (gaps counted until the pings stop);
#   check-990ms / check-130ms: WatchdogSec=2s with deadlock-check=990ms or 130ms (any check period).
# Bound (issue 8): none above WATCHDOG_USEC/4 + 100 ms with 10,000 threads; + 50 ms for any check period.
# Build first: mvn -q -DskipTests package
#   bash bench/ping-gaps.sh [seconds per case, default 20]     (JAVA_HOME picks the JDK)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
SECONDS_PER_CASE=${1:-20}
WORK=$(mktemp -d)
trap 'kill "${SINK:-}" "${APP:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
AGENT=$PWD/agent/target/sd-watchdog-agent.jar
APP_JAR=$PWD/test-app/target/test-app.jar
echo "JDK: $("$JAVA" -version 2>&1 | head -n 1); $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "command: bash bench/ping-gaps.sh $SECONDS_PER_CASE"
echo "| case | WatchdogSec | pings | median gap ms | max gap ms while healthy | bound ms | met |"
echo "|---|---:|---:|---:|---:|---:|---|"

# $1 name, $2 WATCHDOG_USEC, $3 agent options, $4 bound slack ms, rest: test-app arguments
run_case() {
  local name=$1 usec=$2 options=$3 slack=$4
  shift 4
  python3 bench/notify-sink.py "$WORK/$name.sock" > "$WORK/$name.sink" &
  SINK=$!
  for _ in $(seq 50); do [ -S "$WORK/$name.sock" ] && break; sleep 0.1; done
  NOTIFY_SOCKET=$WORK/$name.sock WATCHDOG_USEC=$usec "$JAVA" "-javaagent:$AGENT=$options" -jar "$APP_JAR" \
    --startup=200ms --tick=50ms "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" &
  APP=$!
  sleep "$SECONDS_PER_CASE"
  kill "$APP" 2>/dev/null || true
  wait "$APP" 2>/dev/null || true
  kill "$SINK" 2>/dev/null || true
  wait "$SINK" 2>/dev/null || true
  python3 - "$name" "$usec" "$slack" "$WORK/$name.sink" "$WORK/$name.out" <<'PY'
import re, statistics, sys
name, usec, slack, sink, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
pings, unhealthy_at = [], None
for line in open(sink):
    parts = line.split(" ", 1)
    if len(parts) < 2 or not parts[0].isdigit():
        continue
    t, text = int(parts[0]), parts[1]
    if "WATCHDOG=1" in text:
        pings.append(t)
    if "UNHEALTHY" in text and unhealthy_at is None:
        unhealthy_at = t
# Count gaps from the moment the fault (if any) is set up, so the 10,000 threads' start-up is included.
start = None
for line in open(out):
    m = re.search(r"(idle-threads=\d+ depth=\d+|fault=\S+) at-us=(\d+)", line)
    if m and start is None:
        start = int(m.group(2))
pings = [p for p in pings if start is None or p >= start]
healthy = [p for p in pings if unhealthy_at is None or p <= unhealthy_at]
gaps = [(b - a) / 1000 for a, b in zip(healthy, healthy[1:])]
bound = usec / 4000 + slack
if not gaps:
    print("| %s | %ds | %d | - | - | %.0f | no pings |" % (name, usec // 10**6, len(pings), bound))
    sys.exit(0)
print("| %s | %ds | %d | %.0f | %.0f | %.0f | %s |" % (name, usec // 10**6, len(healthy), statistics.median(gaps),
      max(gaps), bound, "yes" if max(gaps) <= bound else "NO"))
PY
}

APP_OPTS="ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick,stall=2s,deadlock-check=1s"
run_case idle-10k 1000000 "$APP_OPTS" 100 --idle-threads=10000 --idle-depth=30 --fault=idle --fault-after=1s
run_case stuck-10k 1000000 "$APP_OPTS" 100 --idle-threads=10000 --idle-depth=30 --fault=hang --fault-after=4s
run_case check-990ms 2000000 "ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick,deadlock-check=990ms" 50
run_case check-130ms 2000000 "ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick,deadlock-check=130ms" 50
