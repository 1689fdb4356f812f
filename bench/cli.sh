#!/usr/bin/env bash
# How long the sd-watchdog command answers. Each call is a JVM start, so this times whole runs: `sd-watchdog
# --help` and `sd-watchdog check '<options>'` through the packaged launcher (packaging/src/deb/bin/sd-watchdog,
# with its JVM flags) on the built jar, the same two as plain `java -jar`, and a hello-world JVM, the floor of any
# java command here; one round runs each once, the order rotating, RUNS rounds; medians and the 90th percentile.
#   bash bench/cli.sh          (JAVA_HOME picks the JDK, else java on PATH; RUNS=21)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-21}
JAR=$PWD/agent/target/sd-watchdog-agent.jar
APP=$PWD/test-app/target/test-app.jar
LAUNCHER=$PWD/packaging/src/deb/bin/sd-watchdog
[ -f "$JAR" ] && [ -f "$APP" ] || { echo "build first: mvn -q -DskipTests package"; exit 1; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
export SD_WATCHDOG_JAR=$JAR
OPTIONS='ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick,stall=1m'
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
now_us() { echo $(( $(date +%s%N) / 1000 )); }

run() { # NAME: one timed run, appended (microseconds) to $WORK/NAME
  local start
  start=$(now_us)
  case $1 in
    hello) "$JAVA" -cp "$APP" com.example.testapp.Hello > /dev/null ;;
    help) sh "$LAUNCHER" --help > /dev/null ;;
    check) sh "$LAUNCHER" check "$OPTIONS" > /dev/null ;;
    help-plain) "$JAVA" -jar "$JAR" --help > /dev/null ;;
    check-plain) "$JAVA" -jar "$JAR" check "$OPTIONS" > /dev/null ;;
  esac
  echo $(( $(now_us) - start )) >> "$WORK/$1"
}

variants=(hello help check help-plain check-plain)
for ((round = 0; round < RUNS; round++)); do
  for ((i = 0; i < ${#variants[@]}; i++)); do
    run "${variants[$(( (i + round) % ${#variants[@]} ))]}"
  done
done
stat() { sort -n "$WORK/$1" | awk '{ v[NR] = $1 } END { printf "median %4.0f ms, p90 %4.0f ms", v[int((NR + 1) / 2)] / 1000, v[int(NR * 0.9 + 0.5)] / 1000 }'; }
hello=$(sort -n "$WORK/hello" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "$("$JAVA" -version 2>&1 | head -n 1), $RUNS rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${variants[@]}"; do
  median=$(sort -n "$WORK/$name" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  printf '%-12s %s  (%.2f x hello world)\n' "$name" "$(stat "$name")" "$(awk -v a="$median" -v b="$hello" 'BEGIN { print a / b }')"
done
