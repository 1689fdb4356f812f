#!/usr/bin/env bash
# The watchdog's cost per HealthRules.check() with 10, 1,000 and 10,000 threads parked 30 frames deep
# (or the counts given; -Ddepth=N in JAVA_OPTS): steady (points moving), quiet and idle (counters only),
# quiet and stuck (one stripe's stacks), findDeadlockedThreads and dumpAllThreads alone. Real bridge
# counters and JmxThreadInspector, 2 progress points, deadlock-check on. A few minutes.
# Build first: mvn -q -DskipTests package
#   bash bench/tick-cost.sh [thread counts...]     (JAVA_HOME picks the JDK; -Drounds=N via JAVA_OPTS)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
echo "JDK: $("$JAVA" -version 2>&1 | head -n 1); $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "command: ${JAVA_OPTS:+JAVA_OPTS=\"$JAVA_OPTS\" }bash bench/tick-cost.sh $*"
opens=()
if [ "$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')" -ge 21 ]; then
  opens=(--add-opens java.base/jdk.internal.vm=ALL-UNNAMED --add-opens java.base/java.util.concurrent.locks=ALL-UNNAMED)
fi
# shellcheck disable=SC2086
"$JAVA" ${JAVA_OPTS:-} "${opens[@]}" -cp bench/target/benchmarks.jar io.github.sdwatchdog.bench.TickCost "$@"
if [ ${#opens[@]} -gt 0 ]; then
  # shellcheck disable=SC2086
  "$JAVA" ${JAVA_OPTS:-} "${opens[@]}" -cp bench/target/benchmarks.jar io.github.sdwatchdog.bench.VirtualCrowdCost ${VIRTUAL:-}
fi
