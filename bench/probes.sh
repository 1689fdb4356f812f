#!/usr/bin/env bash
# The probe endpoints' costs (issue 12):
#  1. latency: p99 of 10,000 sequential GET /livez from a local client (the JDK's HttpClient, one
#     keep-alive connection), on a healthy test-app, and on one with 10,000 threads 30 frames deep whose
#     loop point is stuck (every check then reads a stripe's stacks and searches for deadlocks);
#  2. start: launch -> READY datagram of test-app --startup=0ms with and without http= (rounds alternate,
#     medians), and how long the HTTP server took to start on its own thread (the agent logs it).
# Build first: mvn -q -DskipTests package
#   bash bench/probes.sh     (JAVA_HOME picks the JDK; ROUNDS=15, REQUESTS=10000; AGENT= another build of the jar)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
ROUNDS=${ROUNDS:-15}
REQUESTS=${REQUESTS:-10000}
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
AGENT=${AGENT:-$PWD/agent/target/sd-watchdog-agent.jar}
APP_JAR=$PWD/test-app/target/test-app.jar
OPTS="ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick,stall=2s,deadlock-check=1s"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { # PORT
  for _ in $(seq 300); do
    curl -fsS "http://127.0.0.1:$1/readyz" > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "the probe endpoint never turned ready"; exit 1
}
echo "JDK: $("$JAVA" -version 2>&1 | head -n 1); $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "command: bash bench/probes.sh (ROUNDS=$ROUNDS REQUESTS=$REQUESTS)"
echo
echo "| service | requests | median ms | p99 ms | max ms | answers | p99 <= 5 ms |"
echo "|---|---:|---:|---:|---:|---|---|"
port=$(free_port)
"$JAVA" "-javaagent:$AGENT=$OPTS,http=$port" -jar "$APP_JAR" --startup=200ms --tick=50ms > "$WORK/healthy.out" 2>&1 &
PIDS+=($!)
wait_ready "$port"
"$JAVA" -cp bench/target/benchmarks.jar io.github.sdwatchdog.bench.ProbeLatency "$port" "$REQUESTS" "healthy"
kill "${PIDS[-1]}"
port=$(free_port)
"$JAVA" "-javaagent:$AGENT=$OPTS,http=$port" -jar "$APP_JAR" --startup=200ms --tick=50ms \
  --idle-threads=10000 --idle-depth=30 --fault=hang --fault-after=1s > "$WORK/stuck.out" 2>&1 &
PIDS+=($!)
wait_ready "$port"
for _ in $(seq 300); do grep -q "is stuck" "$WORK/stuck.out" && break; sleep 0.1; done
"$JAVA" -cp bench/target/benchmarks.jar io.github.sdwatchdog.bench.ProbeLatency "$port" "$REQUESTS" "10,000 deep threads, point stuck"
kill "${PIDS[-1]}"

echo
python3 bench/notify-sink.py "$WORK/notify.sock" > "$WORK/sink.log" &
PIDS+=($!)
for _ in $(seq 50); do [ -S "$WORK/notify.sock" ] && break; sleep 0.1; done
: > "$WORK/times"
for round in $(seq "$ROUNDS"); do
  for variant in plain http; do
    extra=""
    [ "$variant" = http ] && extra=",http=$(free_port)"
    before=$(wc -l < "$WORK/sink.log")
    start=$(date +%s%6N)
    NOTIFY_SOCKET=$WORK/notify.sock WATCHDOG_USEC=2000000 "$JAVA" "-javaagent:$AGENT=$OPTS$extra" -jar "$APP_JAR" \
      --startup=0ms > "$WORK/run.out" 2>&1 &
    pid=$!
    for _ in $(seq 200); do
      tail -n +"$((before + 1))" "$WORK/sink.log" | grep 'READY=1' > /dev/null && break
      sleep 0.02
    done
    ready=$(tail -n +"$((before + 1))" "$WORK/sink.log" | grep 'READY=1' | head -n 1 | cut -d' ' -f1 || true)
    sleep 0.5 # let the HTTP server's start line be written
    kill "$pid"; wait "$pid" 2>/dev/null || true
    took=$(grep -o 'started in [0-9]* ms on thread sd-watchdog-outputs' "$WORK/run.out" | grep -o '[0-9]*' | head -n 1 || true)
    echo "$variant $(( (ready - start) / 1000 )) ${took:-}" >> "$WORK/times"
  done
done
python3 - "$WORK/times" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
plain = [int(r[1]) for r in rows if r[0] == "plain"]
http = [int(r[1]) for r in rows if r[0] == "http"]
server = [int(r[2]) for r in rows if r[0] == "http" and len(r) > 2]
print("launch -> READY datagram, test-app --startup=0ms, medians of %d alternating rounds" % len(plain))
print("| variant | median ms | min ms |")
print("|---|---:|---:|")
print("| without http= | %d | %d |" % (statistics.median(plain), min(plain)))
print("| with http= | %d | %d |" % (statistics.median(http), min(http)))
if server:
    print("HTTP server start on its own thread (sd-watchdog-outputs), not on the watchdog thread: median %d ms" % statistics.median(server))
PY
