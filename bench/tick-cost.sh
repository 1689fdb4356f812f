#!/usr/bin/env bash
# The watchdog's cost per HealthMonitor.check() with 10 and 1,000 parked threads (or the counts given):
# steady (points moving), quiet (the stack-read path, idle and stuck), findDeadlockedThreads and
# dumpAllThreads alone. Real JmxThreadInspector, 2 progress points, deadlock-check on. About a minute.
# Build first: mvn -q -DskipTests package
#   bash bench/tick-cost.sh [thread counts...]     (JAVA_HOME picks the JDK; -Drounds=N via JAVA_OPTS)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
echo "JDK: $("$JAVA" -version 2>&1 | head -n 1); $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "command: ${JAVA_OPTS:+JAVA_OPTS=\"$JAVA_OPTS\" }bash bench/tick-cost.sh $*"
# shellcheck disable=SC2086
"$JAVA" ${JAVA_OPTS:-} -cp bench/target/benchmarks.jar io.github.sdwatchdog.bench.TickCost "$@"
