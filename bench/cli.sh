#!/usr/bin/env bash
# How long the sd-watchdog command answers. Each call is a JVM start, so this times whole runs: `sd-watchdog
# --help`, `--version` and `check '<options>'` through the packaged launcher (packaging/src/deb/bin/sd-watchdog) on
# the built jar, and a hello-world JVM, the floor of any java command here; one round runs each once, the order rotating, RUNS rounds; medians and the 90th percentile of
# the wall time, and the median CPU time (user + system, from GNU time), which a busy machine inflates less.
#   bash bench/cli.sh          (JAVA_HOME picks the JDK, else java on PATH; RUNS=21; needs /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-21}
JAR=$PWD/agent/target/sd-watchdog-agent.jar
APP=$PWD/test-app/target/test-app.jar
LAUNCHER=$PWD/packaging/src/deb/bin/sd-watchdog
[ -f "$JAR" ] && [ -f "$APP" ] || { echo "build first: mvn -q -DskipTests package"; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time"; exit 1; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java  # the launcher picks the same one
export SD_WATCHDOG_JAR=$JAR
OPTIONS='ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick,stall=1m'
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

run() { # NAME: one timed run; appends "wall_ms cpu_ms" to $WORK/NAME
  local command
  case $1 in
    hello) command=("$JAVA" -cp "$APP" com.example.testapp.Hello) ;;
    help) command=(sh "$LAUNCHER" --help) ;;
    check) command=(sh "$LAUNCHER" check "$OPTIONS") ;;
    version) command=(sh "$LAUNCHER" --version) ;;
  esac
  /usr/bin/time -o "$WORK/time" -f '%e %U %S' "${command[@]}" > /dev/null
  awk '{ printf "%.0f %.0f\n", $1 * 1000, ($2 + $3) * 1000 }' "$WORK/time" >> "$WORK/$1"
}

variants=(hello help version check)
for ((round = 0; round < RUNS; round++)); do
  for ((i = 0; i < ${#variants[@]}; i++)); do
    run "${variants[$(( (i + round) % ${#variants[@]} ))]}"
  done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
p90() { sort -n | awk '{ v[NR] = $1 } END { print v[int(NR * 0.9 + 0.5)] }'; }
hello=$(cut -d' ' -f1 "$WORK/hello" | median)
echo "$("$JAVA" -version 2>&1 | head -n 1), $RUNS rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${variants[@]}"; do
  wall=$(cut -d' ' -f1 "$WORK/$name" | median)
  printf '%-12s wall median %5d ms, p90 %5d ms (%.2f x hello world); CPU median %4d ms\n' "$name" "$wall" \
    "$(cut -d' ' -f1 "$WORK/$name" | p90)" "$(awk -v a="$wall" -v b="$hello" 'BEGIN { print a / b }')" \
    "$(cut -d' ' -f2 "$WORK/$name" | median)"
done
