#!/usr/bin/env bash
# What the agent adds to JVM startup, and how soon READY=1 follows the startup method's return.
#   bash bench/startup.sh                       (the JDK of JAVA_HOME, else java on PATH)
#   JDKS="/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64" bash bench/startup.sh
#   PAIRS=21 READY_RUNS=9 by default.
# Startup: a hello-world JVM (com.example.testapp.Hello, its start() named as the ready method), run as
# rounds of three, the order rotating each round: no agent, an empty -javaagent (what any agent costs the
# JVM), and sd-watchdog, under a bound notify socket so the agent is fully active; medians of wall time.
# READY delay: test-app's "startup-returns" stamp (epoch micros, printed just before Server#start returns)
# to the READY datagram's arrival at the socket stand-in (epoch micros, the same clock), median of READY_RUNS,
# for --startup=1s and for --startup=0ms.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${PAIRS:-21}
READY_RUNS=${READY_RUNS:-9}
AGENT=${AGENT:-$PWD/agent/target/sd-watchdog-agent.jar}
APP=$PWD/test-app/target/test-app.jar
[ -f "$AGENT" ] && [ -f "$APP" ] && [ -f bench/target/classes/io/github/sdwatchdog/bench/EmptyAgent.class ] \
  || { echo "build first: mvn -q -DskipTests package"; exit 1; }
WORK=$(mktemp -d)
python3 bench/notify-sink.py "$WORK/notify.sock" > "$WORK/sink.log" &
SINK=$!
trap 'kill "$SINK" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -S "$WORK/notify.sock" ] && break; sleep 0.1; done
[ -S "$WORK/notify.sock" ] || { echo "the notify socket stand-in did not start"; exit 1; }

printf 'Manifest-Version: 1.0\nPremain-Class: io.github.sdwatchdog.bench.EmptyAgent\n' > "$WORK/manifest"
(cd bench/target/classes && zip -q -X "$WORK/empty-agent.jar" io/github/sdwatchdog/bench/EmptyAgent.class)
(cd "$WORK" && mkdir -p META-INF && cp manifest META-INF/MANIFEST.MF && zip -q -X empty-agent.jar META-INF/MANIFEST.MF)

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
now_us() { echo $(( $(date +%s%N) / 1000 )); }

run_variant() { # $1 = plain | empty | agent; appends the wall time in microseconds to $WORK/$1
  local start end
  start=$(now_us)
  case $1 in
    plain) "$JAVA" -cp "$APP" com.example.testapp.Hello > /dev/null ;;
    empty) "$JAVA" "-javaagent:$WORK/empty-agent.jar" -cp "$APP" com.example.testapp.Hello > /dev/null ;;
    agent) NOTIFY_SOCKET=$WORK/notify.sock "$JAVA" "-javaagent:$AGENT=ready=com.example.testapp.Hello#start" \
             -cp "$APP" com.example.testapp.Hello > /dev/null 2>> "$WORK/agent.err" ;;
  esac
  end=$(now_us)
  echo $(( end - start )) >> "$WORK/$1"
}

ms() { awk -v us="$1" 'BEGIN {printf "%.1f", us / 1000}'; }

for jdk in ${JDKS:-${JAVA_HOME:-PATH}}; do
  if [ "$jdk" = PATH ]; then JAVA=java; else JAVA=$jdk/bin/java; fi
  rm -f "$WORK/plain" "$WORK/empty" "$WORK/agent" "$WORK/agent.err" "$WORK/ready"
  echo "== JDK: $("$JAVA" -version 2>&1 | head -n 1) ($JAVA); $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "startup: $PAIRS rounds of {no agent, empty -javaagent, sd-watchdog}, order rotating"
  "$JAVA" -cp "$APP" com.example.testapp.Hello > /dev/null # warm the file cache
  "$JAVA" "-javaagent:$AGENT=ready=com.example.testapp.Hello#start" -cp "$APP" com.example.testapp.Hello > /dev/null 2>&1
  ready_before=$(grep -c "READY=1" "$WORK/sink.log" || true)
  variants=(plain empty agent)
  for round in $(seq 0 $((PAIRS - 1))); do
    for k in 0 1 2; do run_variant "${variants[$(( (round + k) % 3 ))]}"; done
  done
  sleep 0.2
  ready_after=$(grep -c "READY=1" "$WORK/sink.log" || true)
  grep -q "instrumented com.example.testapp.Hello" "$WORK/agent.err" || { echo "the agent did not instrument Hello:"; cat "$WORK/agent.err"; exit 1; }
  echo "agent check: $(grep -c "instrumented com.example.testapp.Hello" "$WORK/agent.err") of $PAIRS runs logged \"$(grep -m1 "instrumented com.example.testapp.Hello" "$WORK/agent.err" | sed 's/^ *//')\"; READY datagrams received: $((ready_after - ready_before)) of $PAIRS"
  other=$(grep -v "instrumented com.example.testapp.Hello" "$WORK/agent.err" | sort | uniq -c || true)
  [ -z "$other" ] || echo "other agent output (count, line):"$'\n'"$other"
  plain=$(median < "$WORK/plain"); empty=$(median < "$WORK/empty"); agent=$(median < "$WORK/agent")
  echo "| variant | median wall time |"
  echo "|---|---:|"
  echo "| no agent | $(ms "$plain") ms |"
  echo "| empty -javaagent | $(ms "$empty") ms |"
  echo "| sd-watchdog (ready=Hello#start) | $(ms "$agent") ms |"
  echo "added by sd-watchdog: $(ms $((agent - plain))) ms (of which any -javaagent: $(ms $((empty - plain))) ms; sd-watchdog's own work: $(ms $((agent - empty))) ms); target <= 100 ms: $([ $((agent - plain)) -le 100000 ] && echo met || echo MISSED)"
  echo "all runs (ms), no agent: $(awk '{printf "%.0f ", $1/1000}' "$WORK/plain")"
  echo "all runs (ms), empty agent: $(awk '{printf "%.0f ", $1/1000}' "$WORK/empty")"
  echo "all runs (ms), sd-watchdog: $(awk '{printf "%.0f ", $1/1000}' "$WORK/agent")"

  # READY delay: a service whose startup takes 1 s (JNA, loaded on the watchdog thread, is ready long
  # before), and one whose startup method returns at once (READY then waits for JNA's cold load).
  for startup in 1s 0ms; do
    rm -f "$WORK/ready"
    for _ in $(seq "$READY_RUNS"); do
      before=$(grep -c "READY=1" "$WORK/sink.log" || true)
      out=$(NOTIFY_SOCKET=$WORK/notify.sock "$JAVA" "-javaagent:$AGENT=ready=com.example.testapp.Server#start" \
        -jar "$APP" --startup=$startup --fault=exit --fault-after=500ms --exit-code=0 2>/dev/null || true)
      returned=$(echo "$out" | sed -n 's/^test-app: startup-returns at-us=//p')
      for _ in $(seq 50); do [ "$(grep -c "READY=1" "$WORK/sink.log")" -gt "$before" ] && break; sleep 0.1; done
      [ "$(grep -c "READY=1" "$WORK/sink.log")" -gt "$before" ] || { echo "no READY datagram arrived"; exit 1; }
      arrived=$(grep "READY=1" "$WORK/sink.log" | tail -n 1 | cut -d' ' -f1)
      echo $(( arrived - returned )) >> "$WORK/ready"
    done
    echo "READY delay, java -jar test-app.jar --startup=$startup (startup method returned -> datagram arrived): median $(median < "$WORK/ready") us over $READY_RUNS runs (us: $(tr '\n' ' ' < "$WORK/ready"))"
  done
  echo
done
