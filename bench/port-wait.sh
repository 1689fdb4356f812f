#!/usr/bin/env bash
# What ready=listen: costs a service that holds many fds and binds late. PortWaitTarget opens FDS fds (3,000),
# binds PORT after BIND_AFTER ms (6,000) and, SETTLE ms (300) later, prints the CPU time its process and the
# agent's threads (sd-watchdog*) have used, from /proc. Each round runs it without the agent and with each jar of
# AGENTS, under a bound notify socket, each also with a bind after EARLY ms (300): the difference between the two
# binds, less the same difference without the agent, is what the wait itself cost; the rest is the agent's start.
# Medians; /proc counts CPU in 10 ms ticks, and the JIT's threads add noise to the process's figure, so the agent's
# own threads measure the wait best. The targets: the agent adds at most 0.3 CPU-s over the 6 s wait, and READY
# comes within 50 ms of the bind.
# Build first: mvn -q -DskipTests package
#   bash bench/port-wait.sh                                  (JAVA_HOME picks the JDK; RUNS=7 by default)
#   AGENTS="old.jar new.jar" bash bench/port-wait.sh         (builds side by side, runs interleaved)
#   nice -n -19 bash bench/port-wait.sh                      (on a machine busy with other work)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
FDS=${FDS:-3000}
BIND_AFTER=${BIND_AFTER:-6000}
EARLY=${EARLY:-300}
SETTLE=${SETTLE:-300}
PORT=${PORT:-18750}
AGENTS=${AGENTS:-$PWD/agent/target/sd-watchdog-agent.jar}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
BENCH=$PWD/bench/target/benchmarks.jar
for jar in $AGENTS "$BENCH"; do [ -f "$jar" ] || { echo "no $jar; build first: mvn -q -DskipTests package"; exit 1; }; done
WORK=$(mktemp -d)
python3 bench/notify-sink.py "$WORK/notify.sock" > "$WORK/sink.log" &
SINK=$!
trap 'kill "$SINK" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do [ -S "$WORK/notify.sock" ] && break; sleep 0.1; done
[ -S "$WORK/notify.sock" ] || { echo "the notify socket stand-in did not start"; exit 1; }

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ready_count() { grep -c "READY=1" "$WORK/sink.log" || true; }
run() { # $1 = label, $2 = agent jar or "none", $3 = bind after (ms)
  local before out bound arrived
  before=$(ready_count)
  if [ "$2" = none ]; then
    out=$("$JAVA" -cp "$BENCH" io.github.sdwatchdog.bench.PortWaitTarget "$PORT" "$FDS" "$3" "$SETTLE")
  else
    out=$(NOTIFY_SOCKET=$WORK/notify.sock "$JAVA" "-javaagent:$2=ready=listen:$PORT" -cp "$BENCH" \
      io.github.sdwatchdog.bench.PortWaitTarget "$PORT" "$FDS" "$3" "$SETTLE" 2>/dev/null)
  fi
  sed -n 's/^cpu-ms process=\([0-9]*\).*/\1/p' <<< "$out" >> "$WORK/cpu-$1"
  sed -n 's/.* agent-threads=\([0-9]*\).*/\1/p' <<< "$out" >> "$WORK/agent-$1"
  if [ "$2" != none ] && [ "$3" = "$BIND_AFTER" ]; then
    bound=$(sed -n 's/^bound at-us=//p' <<< "$out")
    for _ in $(seq 200); do [ "$(ready_count)" -gt "$before" ] && break; sleep 0.05; done
    if [ "$(ready_count)" -gt "$before" ]; then
      arrived=$(grep "READY=1" "$WORK/sink.log" | tail -n 1 | cut -d' ' -f1)
      echo $(( arrived - bound )) >> "$WORK/ready-$1"
    else
      echo 99999999 >> "$WORK/ready-$1" # no READY: counts as 100 s in the median
    fi
  fi
}
list() { tr '\n' ' ' < "$WORK/$1"; }

echo "JDK: $("$JAVA" -version 2>&1 | head -n 1); $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "$FDS fds, bind after $BIND_AFTER ms (and $EARLY ms), $RUNS rounds; command: bash bench/port-wait.sh"
for _ in $(seq "$RUNS"); do
  run plain none "$BIND_AFTER"
  run plain-early none "$EARLY"
  i=0
  for jar in $AGENTS; do
    i=$((i + 1))
    run "agent$i" "$jar" "$BIND_AFTER"
    run "agent$i-early" "$jar" "$EARLY"
  done
done
plain=$(median < "$WORK/cpu-plain")
plain_early=$(median < "$WORK/cpu-plain-early")
echo "no agent: process CPU median $plain ms, with the early bind $plain_early ms (runs: $(list cpu-plain)/ $(list cpu-plain-early))"
i=0
for jar in $AGENTS; do
  i=$((i + 1))
  cpu=$(median < "$WORK/cpu-agent$i")
  early=$(median < "$WORK/cpu-agent$i-early")
  echo "$jar:"
  echo "  process CPU median $cpu ms: +$((cpu - plain)) ms over the agentless process (target <= 300), of which the wait" \
    "+$(( (cpu - early) - (plain - plain_early) )) ms and the agent's start +$((early - plain_early)) ms (the early bind)"
  threads=$(median < "$WORK/agent-agent$i")
  threads_early=$(median < "$WORK/agent-agent$i-early")
  echo "  the agent's threads (sd-watchdog*): $threads ms, $threads_early ms with the early bind: the wait +$((threads - threads_early)) ms;" \
    "bind -> READY median $(awk -v us="$(median < "$WORK/ready-agent$i")" 'BEGIN {printf "%.1f", us / 1000}') ms (target <= 50)"
  echo "  runs: process $(list "cpu-agent$i")/ early $(list "cpu-agent$i-early")/ threads $(list "agent-agent$i")/" \
    "bind -> READY us $(list "ready-agent$i")"
done
