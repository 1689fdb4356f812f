#!/usr/bin/env bash
# What a progress point adds per call, on 1 and 2 threads: JMH, the instrumented method against an
# identical uninstrumented one in the same forks. Build first: mvn -q -DskipTests package
#   bash bench/hot-path.sh [extra JMH options]     (JAVA_HOME picks the JDK)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
WORK=$(mktemp -d)
python3 bench/notify-sink.py "$WORK/notify.sock" > "$WORK/sink.log" &
SINK=$!
trap 'kill $SINK 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -S "$WORK/notify.sock" ] && break; sleep 0.1; done
export NOTIFY_SOCKET=$WORK/notify.sock # the agent is active only under a notify socket
AGENT="-javaagent:$PWD/agent/target/sd-watchdog-agent.jar=ready=io.github.sdwatchdog.bench.Target#ready,progress=io.github.sdwatchdog.bench.Target#instrumentedTick"
for threads in 1 2; do
  "$JAVA" -jar bench/target/benchmarks.jar ProgressPointBenchmark -t "$threads" -f 3 -wi 5 -w 1s -i 5 -r 1s \
    -jvmArgsAppend "$AGENT" "$@" > "$WORK/jmh-$threads.txt" 2>&1
  grep -q "instrumented io.github.sdwatchdog.bench.Target:.*instrumentedTick (progress)" "$WORK/jmh-$threads.txt" \
    || { echo "the agent did not instrument Target.instrumentedTick:"; tail -n 30 "$WORK/jmh-$threads.txt"; exit 1; }
  echo "== $threads thread(s), $("$JAVA" -version 2>&1 | head -n 1)"
  grep -E "^(Benchmark|ProgressPointBenchmark)" "$WORK/jmh-$threads.txt"
  awk '/^ProgressPointBenchmark.baseline/ {b=$4; be=$6} /^ProgressPointBenchmark.progressPoint/ {p=$4; pe=$6}
       END {printf "added per call: %.2f ns (errors ±%.2f, ±%.2f)\n", p-b, be, pe}' "$WORK/jmh-$threads.txt"
done
