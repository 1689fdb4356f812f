#!/usr/bin/env bash
# The watchdog's cost per check with 10 and 1,000 live threads (or the counts given).
# Build first: mvn -q -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
echo "JDK: $("$JAVA" -version 2>&1 | head -n 1)"
"$JAVA" -cp bench/target/benchmarks.jar io.github.sdwatchdog.bench.TickCost "$@"
