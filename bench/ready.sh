#!/usr/bin/env bash
# How promptly READY=1 follows the startup method.
#   bash bench/ready.sh                    (the JDK of JAVA_HOME; JDKS="a b" for several; RUNS=15 by default)
#   AGENTS="old.jar new.jar" bash bench/ready.sh    (compare builds side by side, runs interleaved)
# 1. Launch -> READY: test-app with --startup=0ms (its startup method returns at once), launched alternately
#    without the agent (launch -> the method reached: test-app's "startup-begins" stamp) and with it under a
#    bound notify socket (launch -> the READY datagram's arrival). Epoch microseconds, one clock; medians.
#    The target: READY at most 100 ms after the JVM without the agent reaches the method.
# 2. Busy: --busy=N application threads (BUSY="8 32") start computing as the startup method returns,
#    for a startup method that takes BUSY_STARTUPS ("0ms 500ms"); the startup method's return -> READY's
#    arrival, median. The target: within 300 ms with 32 threads.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-15}
AGENTS=${AGENTS:-$PWD/agent/target/sd-watchdog-agent.jar}
APP=$PWD/test-app/target/test-app.jar
for agent in $AGENTS; do [ -f "$agent" ] || { echo "no $agent; build first: mvn -q -DskipTests package"; exit 1; }; done
[ -f "$APP" ] || { echo "build first: mvn -q -DskipTests package"; exit 1; }
WORK=$(mktemp -d)
python3 bench/notify-sink.py "$WORK/notify.sock" > "$WORK/sink.log" &
SINK=$!
trap 'kill "$SINK" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -S "$WORK/notify.sock" ] && break; sleep 0.1; done
[ -S "$WORK/notify.sock" ] || { echo "the notify socket stand-in did not start"; exit 1; }

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
now_us() { echo $(( $(date +%s%N) / 1000 )); }
ms() { awk -v us="$1" 'BEGIN {printf "%.1f", us / 1000}'; }
stamp() { sed -n "s/^test-app: $1 at-us=//p" | head -n 1; }
ready_count() { grep -c "READY=1" "$WORK/sink.log" || true; }
await_ready() { # $1 = count before; prints the arrival of the newest READY, or "none"
  for _ in $(seq 100); do [ "$(ready_count)" -gt "$1" ] && break; sleep 0.05; done
  if [ "$(ready_count)" -gt "$1" ]; then grep "READY=1" "$WORK/sink.log" | tail -n 1 | cut -d' ' -f1; else echo none; fi
}
NONE_US=99999999 # a run whose READY never came (the JVM exited first) counts as 100 s in the median
OPTIONS=ready=com.example.testapp.Server#start
EXIT_ARGS="--fault=exit --fault-after=300ms --exit-code=0"
BUSY_EXIT_ARGS="--fault=exit --fault-after=3s --exit-code=0"

for jdk in ${JDKS:-${JAVA_HOME:-PATH}}; do
  if [ "$jdk" = PATH ]; then JAVA=java; else JAVA=$jdk/bin/java; fi
  rm -f "$WORK"/plain "$WORK"/agent* "$WORK"/busy*
  echo "== JDK: $("$JAVA" -version 2>&1 | head -n 1); $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
  "$JAVA" -jar "$APP" --startup=0ms $EXIT_ARGS > /dev/null # warm the file cache
  for _ in $(seq "$RUNS"); do
    start=$(now_us)
    begins=$("$JAVA" -jar "$APP" --startup=0ms $EXIT_ARGS | stamp startup-begins)
    echo $(( begins - start )) >> "$WORK/plain"
    i=0
    for agent in $AGENTS; do
      i=$((i + 1))
      before=$(ready_count)
      start=$(now_us)
      NOTIFY_SOCKET=$WORK/notify.sock "$JAVA" "-javaagent:$agent=$OPTIONS" -jar "$APP" --startup=0ms $EXIT_ARGS > /dev/null 2>&1
      arrived=$(await_ready "$before")
      if [ "$arrived" = none ]; then echo "$NONE_US" >> "$WORK/agent$i"; else echo $(( arrived - start )) >> "$WORK/agent$i"; fi
    done
  done
  plain=$(median < "$WORK/plain")
  echo "launch -> startup method reached, no agent: median $(ms "$plain") ms (runs: $(awk '{printf "%.0f ", $1/1000}' "$WORK/plain"))"
  i=0
  for agent in $AGENTS; do
    i=$((i + 1))
    value=$(median < "$WORK/agent$i")
    echo "launch -> READY arrived, $agent: median $(ms "$value") ms: $(ms $((value - plain))) ms after the agentless JVM reaches the method; target <= 100 ms: $([ $((value - plain)) -le 100000 ] && echo met || echo MISSED) (runs: $(awk '{printf "%.0f ", $1/1000}' "$WORK/agent$i"))"
  done
  for busy in ${BUSY:-8 32}; do
    for startup in ${BUSY_STARTUPS:-0ms 500ms}; do
      for _ in $(seq "$RUNS"); do
        i=0
        for agent in $AGENTS; do
          i=$((i + 1))
          before=$(ready_count)
          returned=$(NOTIFY_SOCKET=$WORK/notify.sock "$JAVA" "-javaagent:$agent=$OPTIONS" -jar "$APP" --startup="$startup" \
            --busy="$busy" $BUSY_EXIT_ARGS 2>/dev/null | stamp startup-returns)
          arrived=$(await_ready "$before")
          if [ "$arrived" = none ]; then echo "$NONE_US" >> "$WORK/busy$busy-$startup-$i"; else echo $(( arrived - returned )) >> "$WORK/busy$busy-$startup-$i"; fi
        done
      done
      i=0
      for agent in $AGENTS; do
        i=$((i + 1))
        echo "--busy=$busy --startup=$startup, $agent: startup method returned -> READY arrived: median $(ms "$(median < "$WORK/busy$busy-$startup-$i")") ms (runs: $(awk '{printf "%.0f ", $1/1000}' "$WORK/busy$busy-$startup-$i"))"
      done
    done
  done
  echo
done
