#!/usr/bin/env bash
# What the agent adds to JVM startup, and how soon READY=1 follows the startup method's return.
#   bash bench/startup.sh        (JAVA_HOME picks the JDK; PAIRS=21 READY_RUNS=9 by default)
# Startup: a hello-world JVM (com.example.testapp.Hello, one instrumented ready method), run alternately
# without and with the agent, under a bound notify socket so the agent is fully active; medians of wall time.
# READY delay: test-app's "startup-returns" stamp to the READY datagram's arrival at the socket.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
PAIRS=${PAIRS:-21}
READY_RUNS=${READY_RUNS:-9}
AGENT=$PWD/agent/target/sd-watchdog-agent.jar
APP=$PWD/test-app/target/test-app.jar
WORK=$(mktemp -d)
python3 bench/notify-sink.py "$WORK/notify.sock" > "$WORK/sink.log" &
SINK=$!
trap 'kill $SINK 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -S "$WORK/notify.sock" ] && break; sleep 0.1; done

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

echo "JDK: $("$JAVA" -version 2>&1 | head -n 1); $PAIRS alternating pairs"
"$JAVA" -cp "$APP" com.example.testapp.Hello > /dev/null # warm the file cache
for _ in $(seq "$PAIRS"); do
  start=$(date +%s%N)
  "$JAVA" -cp "$APP" com.example.testapp.Hello > /dev/null
  ms_since "$start" >> "$WORK/plain"
  start=$(date +%s%N)
  NOTIFY_SOCKET=$WORK/notify.sock "$JAVA" "-javaagent:$AGENT=ready=com.example.testapp.Hello#start" \
    -cp "$APP" com.example.testapp.Hello > /dev/null 2>> "$WORK/agent.err"
  ms_since "$start" >> "$WORK/agent"
done
grep -q "instrumented com.example.testapp.Hello" "$WORK/agent.err" || { echo "the agent did not instrument Hello"; exit 1; }
plain=$(median < "$WORK/plain")
agent=$(median < "$WORK/agent")
echo "startup: without agent median ${plain} ms, with agent median ${agent} ms, added $((agent - plain)) ms"

for _ in $(seq "$READY_RUNS"); do
  before=$(grep -c "READY=1" "$WORK/sink.log" || true)
  out=$(NOTIFY_SOCKET=$WORK/notify.sock "$JAVA" "-javaagent:$AGENT=ready=com.example.testapp.Server#start" \
    -jar "$APP" --startup=1s --fault=exit --fault-after=200ms --exit-code=0 2>/dev/null)
  returned=$(echo "$out" | sed -n 's/^test-app: startup-returns at-us=//p')
  for _ in $(seq 50); do [ "$(grep -c "READY=1" "$WORK/sink.log")" -gt "$before" ] && break; sleep 0.1; done
  arrived=$(grep "READY=1" "$WORK/sink.log" | tail -n 1 | cut -d' ' -f1)
  echo $(( arrived - returned )) >> "$WORK/ready"
done
echo "READY delay (startup method returned -> datagram arrived): median $(median < "$WORK/ready") us over $READY_RUNS runs: $(tr '\n' ' ' < "$WORK/ready")"
