#!/usr/bin/env bash
# What one ready=listen: poll costs (PortReadiness.poll: the kernel's listeners through sock_diag, or each fd
# where netlink is refused) with about 0, 200 and 1,000 more open fds (or the counts given). Seconds.
# Build first: mvn -q -DskipTests package
#   bash bench/port-poll.sh [fd counts...]     (JAVA_HOME picks the JDK)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JNA_VERSION=$(sed -n 's:.*<jna.version>\(.*\)</jna.version>.*:\1:p' pom.xml)
JNA_JAR=${JNA_JAR:-$HOME/.m2/repository/net/java/dev/jna/jna/$JNA_VERSION/jna-$JNA_VERSION.jar}
echo "JDK: $("$JAVA" -version 2>&1 | head -n 1); $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "command: bash bench/port-poll.sh $*"
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "bench/target/benchmarks.jar:$JNA_JAR" io.github.sdwatchdog.bench.PortPollCost "$@"
