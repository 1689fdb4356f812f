#!/usr/bin/env bash
# What a progress point (entry and exit recorded) adds per call, on 1 thread and with 2 and 8 threads
# calling the same method: JMH, the instrumented method against an identical uninstrumented one, all six
# benchmarks in one JMH run. Then (COLLIDING=0 skips it) the 2- and 8-thread pairs again with JMH workers
# whose thread ids collided under the old 8-stripe layout (ids equal mod 8), and the 2-thread pair with
# ids equal mod 1,024: the worst case left, which two hot threads hit only if their ids differ by a
# multiple of 1,024.
# Build first: mvn -q -DskipTests package
#   bash bench/hot-path.sh [extra JMH options]     (JAVA_HOME picks the JDK)
#   FORKS=3, COLLIDING_FORKS=5, JMH_ITER="-wi 5 -w 1s -i 5 -r 1s" by default: per benchmark and fork
#   5 x 1 s warm-up + 5 x 1 s measurement; about 4.5 minutes in all. The worst case gets more forks
#   because its cost depends on where the two threads run (it differs from fork to fork).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
WORK=$(mktemp -d)
python3 bench/notify-sink.py "$WORK/notify.sock" > "$WORK/sink.log" &
SINK=$!
LOGS=$PWD/bench/target/bench-logs/hot-path-$(date -u +%Y%m%dT%H%M%S) # the raw JMH output is kept here
mkdir -p "$LOGS"
trap 'kill "$SINK" 2>/dev/null || true; cp "$WORK"/jmh-* "$LOGS"/ 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -S "$WORK/notify.sock" ] && break; sleep 0.1; done
[ -S "$WORK/notify.sock" ] || { echo "the notify socket stand-in did not start"; exit 1; }
export NOTIFY_SOCKET=$WORK/notify.sock # the agent is active only under a notify socket; the forks inherit it
AGENT="-javaagent:$PWD/agent/target/sd-watchdog-agent.jar=ready=io.github.sdwatchdog.bench.Target#ready,progress=io.github.sdwatchdog.bench.Target#instrumentedTick"
COLLIDE="-Djmh.executor=CUSTOM -Djmh.executor.class=io.github.sdwatchdog.bench.CollidingStripesExecutor"

echo "JDK: $("$JAVA" -version 2>&1 | head -n 1); $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
FORKS=${FORKS:-3}
COLLIDING_FORKS=${COLLIDING_FORKS:-5}
JMH_ITER=${JMH_ITER:--wi 5 -w 1s -i 5 -r 1s}
echo "command: bash bench/hot-path.sh $* (FORKS=$FORKS COLLIDING_FORKS=$COLLIDING_FORKS JMH_ITER=\"$JMH_ITER\" COLLIDING=${COLLIDING:-1})"

# $1 = label, $2 = benchmark selector, $3 = JVM options for the forks, $4 = strict counter check (1/0),
# $5 = forks; rest: JMH options
run() {
  local label=$1 selector=$2 jvm=$3 strict=$4 forks=$5 out json
  out=$WORK/jmh-$(echo "$1" | tr -c 'a-z0-9\n' '-').txt
  json=${out%.txt}.json
  shift 5
  # shellcheck disable=SC2086
  "$JAVA" -jar bench/target/benchmarks.jar "$selector" -f "$forks" $JMH_ITER \
    -jvmArgsAppend "$jvm" -rf json -rff "$json" "$@" > "$out" 2>&1 || { tail -n 40 "$out"; exit 1; }
  echo
  echo "== $label"
  # Every fork must have woven the progress point, and only it (the baseline twin stays plain).
  local forks woven counted
  forks=$(grep -c "^# Fork: " "$out" || true)
  woven=$(grep -c "instrumented io.github.sdwatchdog.bench.Target: .*instrumentedTick (progress)" "$out" || true)
  [ "$woven" -eq "$forks" ] && [ "$forks" -gt 0 ] \
    || { echo "the agent wove Target.instrumentedTick in $woven of $forks forks:"; grep -i "sd-watchdog\|instrumented" "$out" | head; exit 1; }
  if grep -q "baselineTick.*(progress)" "$out"; then echo "the baseline was instrumented too"; exit 1; fi
  echo "agent check: woven in $woven of $forks forks: $(grep -m1 -o '<6>sd-watchdog: instrumented io.github.sdwatchdog.bench.Target.*' "$out")"
  # The last thread to finish a trial prints all calls of the trial next to the bridge's count of calls
  # begun: every call must be counted in the progress forks (when threads share a stripe, racing
  # increments may be lost: then only "counting"), and none in the baseline forks.
  counted=$(awk -v strict="$strict" '/^# Benchmark: / {bench = $3} /^# Fork: / {fork++; name[fork] = bench}
    /bench-calls calls=/ {
      match($0, /calls=[0-9]+/); calls = substr($0, RSTART + 6, RLENGTH - 6) + 0
      match($0, /progress-count=-?[0-9]+/); count = substr($0, RSTART + 15, RLENGTH - 15) + 0
      if (calls > maxcalls[fork]) maxcalls[fork] = calls
      counter[fork] = count
    }
    END {
      minratio = 1e9
      for (f = 1; f <= fork; f++) {
        if (!(f in maxcalls)) { bad = bad " fork " f " of " name[f] " printed no counts"; continue }
        if (name[f] ~ /progress_/) {
          pc++; ratio = counter[f] / maxcalls[f]; if (ratio < minratio) minratio = ratio
          if (strict ? counter[f] != maxcalls[f] : counter[f] <= 0) bad = bad " " name[f] "(calls=" maxcalls[f] ",count=" counter[f] ")"
        } else {
          bc++; if (counter[f] != 0) bad = bad " " name[f] "(count=" counter[f] ")"
        }
      }
      if (bad != "") print "MISMATCH" bad
      else printf "%s in the %d progress forks (lowest: %.2f%% of calls counted), none in the %d baseline forks",
                  strict ? "every call counted" : "counting", pc, 100 * minratio, bc
    }' "$out")
  case $counted in MISMATCH*) echo "$counted"; exit 1 ;; esac
  echo "counter check: $counted"
  echo "worker stripes (thread id & mask), per worker start: $(grep -o 'stripe=[0-9]*' "$out" | sort | uniq -c | awk '{printf "%s x%s; ", $2, $1}')"
  python3 - "$json" <<'PY'
import json, math, os, sys
results = {r["benchmark"].rsplit(".", 1)[1]: r for r in json.load(open(sys.argv[1]))}
for name, r in sorted(results.items()):
    m = r["primaryMetric"]
    forks = " ".join("%.2f" % (sum(f) / len(f)) for f in m["rawData"])
    print("| %-18s | %d | %7.3f ± %.3f ns/op | per-fork means: %s |" % (name, r["threads"], float(m["score"]), float(m["scoreError"]), forks))
cpus = os.cpu_count()
for threads, suffix in ((1, "1thread"), (2, "2threads"), (8, "8threads")):
    b, p = results.get("baseline_" + suffix), results.get("progress_" + suffix)
    if b and p:
        added = float(p["primaryMetric"]["score"]) - float(b["primaryMetric"]["score"])
        error = math.hypot(float(p["primaryMetric"]["scoreError"]), float(b["primaryMetric"]["scoreError"]))
        # More threads than CPUs: JMH's ns/op is each thread's wall time per call, which includes the time it
        # waits for a CPU; the CPU time a call costs is that times cpus/threads.
        share = min(1.0, cpus / threads)
        cpu_note = "" if share == 1.0 else "; %d threads on %d CPUs: %.3f ns of CPU per call" % (threads, cpus, added * share)
        print("added per call, %d thread(s): %.3f ± %.3f ns (99.9%% CIs combined as sqrt(e1^2+e2^2))%s; target <= 3 ns: %s"
              % (threads, added, error, cpu_note, "met" if added * share <= 3 else "MISSED"))
PY
}

run "1, 2 and 8 threads (JMH's own worker threads)" 'ProgressPointBenchmark' "$AGENT" 1 "$FORKS" "$@"
if [ "${COLLIDING:-1}" != 0 ]; then
  run "2 and 8 threads whose ids collided under the old 8 stripes" 'ProgressPointBenchmark.*_[28]threads' "$AGENT $COLLIDE" 1 "$COLLIDING_FORKS" "$@"
  run "2 threads on one of today's 1,024 stripes (worst case left)" 'ProgressPointBenchmark.*_2threads' "$AGENT $COLLIDE -Dcollide=new" 0 "$COLLIDING_FORKS" "$@"
fi
echo
echo "READY datagrams received from the forks: $(grep -c 'READY=1' "$WORK/sink.log" || true)"
echo "raw JMH output: ${LOGS#"$PWD"/}"
