#!/usr/bin/env bash
# Detection time against GC pause share: test-app holding a live set of N% of a 96 MB heap while a thread churns
# (--fault=gc-churn --heap-live=N), under the agent with default options and a notify-socket stand-in, one run at a
# time, for each collector and live share. Per run: the pause share the agent measured, the heap after old
# collections, and the time from the heap being full to STATUS=UNHEALTHY (none within the watch: healthy). For
# comparison, when jvmquake's default GC debt (acts above 30 s, running time weighted 5) would act at that share,
# modelled from the measured share. Then what the rule costs a check (GcCheckCost). About 15 minutes.
# Build first: mvn -q -DskipTests package
#   bash bench/gc-spiral.sh [watch seconds, default 90]   (JAVA_HOME picks the JDK; GCS="G1 Parallel", LIVES="80 85 90 93 95 97";
#   AGENT=, APP_JAR=, BENCH_JAR= run other builds)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
WATCH=${1:-90}
GCS=${GCS:-G1 Parallel}
LIVES=${LIVES:-80 85 90 93 95 97}
PORT=${PORT:-18890}
WORK=$(mktemp -d)
trap 'kill "${SINK:-}" "${APP:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
AGENT=${AGENT:-$PWD/agent/target/sd-watchdog-agent.jar}
APP_JAR=${APP_JAR:-$PWD/test-app/target/test-app.jar}
BENCH_JAR=${BENCH_JAR:-$PWD/bench/target/benchmarks.jar}
APP_PKG=com.example.testapp.
echo "JDK: $("$JAVA" -version 2>&1 | head -n 1); $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "command: GCS=\"$GCS\" LIVES=\"$LIVES\" bash bench/gc-spiral.sh $WATCH"
echo "| collector | live set | pause share (agent) | heap after old GC | verdict after | last ping after | jvmquake (modelled) |"
echo "|---|---:|---:|---:|---:|---:|---:|"

for gc in $GCS; do
  for live in $LIVES; do
    name=$gc-$live
    python3 bench/notify-sink.py "$WORK/$name.sock" > "$WORK/$name.sink" &
    SINK=$!
    for _ in $(seq 50); do [ -S "$WORK/$name.sock" ] && break; sleep 0.1; done
    NOTIFY_SOCKET=$WORK/$name.sock WATCHDOG_USEC=8000000 "$JAVA" -Xmx96m "-XX:+Use${gc}GC" \
      "-javaagent:$AGENT=ready=${APP_PKG}Server#start,progress=${APP_PKG}WorkLoop#tick,http=$PORT" -jar "$APP_JAR" \
      --startup=200ms --tick=50ms --fault=gc-churn --fault-after=500ms "--heap-live=$live" \
      > "$WORK/$name.out" 2> "$WORK/$name.err" &
    APP=$!
    deadline=$((SECONDS + WATCH + 30))
    until grep -q 'heap-live=' "$WORK/$name.out" || [ $SECONDS -ge $deadline ]; do sleep 0.5; done
    deadline=$((SECONDS + WATCH))
    until grep -q 'UNHEALTHY' "$WORK/$name.sink" || [ $SECONDS -ge $deadline ]; do sleep 0.5; done
    sleep 10 # WatchdogSec=8s: a ping still due after the verdict would have come by now
    curl -s --max-time 10 "http://127.0.0.1:$PORT/livez?verbose" > "$WORK/$name.probe" || true
    kill "$APP" 2>/dev/null || true
    wait "$APP" 2>/dev/null || true
    kill "$SINK" 2>/dev/null || true
    wait "$SINK" 2>/dev/null || true
    python3 - "$gc" "$WORK/$name.out" "$WORK/$name.sink" "$WORK/$name.probe" "$WATCH" <<'PY'
import re, sys
gc, out, sink, probe, watch = sys.argv[1:6]
full = re.search(r'heap-live=([\d.]+)% at-us=(\d+)', open(out).read())
if not full:
    print(f"| {gc} | ? | | | the heap never filled | | |")
    sys.exit()
live, full_us = full.group(1), int(full.group(2))
verdict = None
for line in open(sink):
    us, _, text = line.partition(" ")
    if "UNHEALTHY" in text:
        verdict = (int(us), text)
        break
pings = [int(line.split(" ", 1)[0]) for line in open(sink) if "WATCHDOG=1" in line]
end_us = max(int(line.split(" ", 1)[0]) for line in open(sink) if line[:1].isdigit())
if pings and end_us - pings[-1] < 9_000_000:
    last_ping = "pinging"  # a ping within WatchdogSec of the end (the shutdown's STOPPING=1)
else:
    last_ping = f"{(pings[-1] - full_us) / 1e6:.1f} s" if pings and pings[-1] > full_us else "before full"
if verdict:
    share = re.search(r'(\d+)% of the last', verdict[1]).group(1)
    heap = re.search(r'the heap (\d+)% full', verdict[1]).group(1)
    after = f"{(verdict[0] - full_us) / 1e6:.1f} s"
else:
    text = open(probe).read()
    m = re.search(r'pauses (\d+)% of the time(?:, the heap (\d+)% full)?', text)
    share, heap = (m.group(1), m.group(2) or "?") if m else ("?", "?")
    after = f"none in {watch} s"
g = int(share) / 100 if share != "?" else 0
rate = g - 5 * (1 - g)
quake = f"{30 / rate:.0f} s" if rate > 0 else "never"
print(f"| {gc} | {live}% | {share}% | {heap}% | {after} | {last_ping} | {quake} |")
PY
  done
done
echo
"$JAVA" -cp "$BENCH_JAR" io.github.sdwatchdog.bench.GcCheckCost 1000
