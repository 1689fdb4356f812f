#!/usr/bin/env bash
# preset=zookeeper under a real systemd: the ZooKeeper 3.9 jars from Maven Central (servers/zookeeper,
# laid out as the distribution's lib/), run by systemd/examples/zookeeper.service (QuorumPeerMain, standalone)
# with a conf/zoo.cfg made here: client port 12181, no admin server, and an audit logger plugin
# (servers/zookeeper's HangAuditLogger, in lib/) that blocks the request path on the znode /hang.
# Traffic and the hang come from ZooKeeper's own client (ZooKeeperMain) on the same jars.
#
#   bash systemd/e2e/servers/zookeeper.sh     (root; build first: mvn -Pservers -pl servers/zookeeper -am verify -DskipTests)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT=12181
server_begin zookeeper
lib=$E2E_ROOT/servers/zookeeper/target/zookeeper/lib
plugin=$E2E_ROOT/servers/zookeeper/target/zookeeper-hang-audit.jar
if ! ls "$lib"/zookeeper-3.*.jar > /dev/null 2>&1 || [ ! -f "$plugin" ]; then
  fail "no ZooKeeper jars or zookeeper-hang-audit.jar under servers/zookeeper/target; build first: mvn -Pservers -pl servers/zookeeper -am verify -DskipTests"
  server_end
fi

home=$WORK/zookeeper
mkdir -p "$home/conf" "$home/lib" "$home/data"
cp "$lib"/*.jar "$plugin" "$home/lib/"
cat > "$home/conf/zoo.cfg" <<CFG
tickTime=2000
dataDir=$home/data
clientPort=$PORT
clientPortAddress=127.0.0.1
admin.enableServer=false
audit.enable=true
audit.impl.class=io.github.sdwatchdog.servers.zookeeper.HangAuditLogger
CFG
cat > "$home/conf/logback.xml" <<'XML'
<configuration>
  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{ISO8601} %-5p [%t:%C{1}@%L] - %m%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="CONSOLE"/></root>
</configuration>
XML

paths=("s#/opt/zookeeper#$home#g" '/^User=/d' '/^Group=/d' '/^StateDirectory=/d')
server_unit zookeeper zookeeper.service "WatchdogSec=2s" "${paths[@]}" 's#preset=zookeeper#preset=zookeeper,stall=5s#'
server_unit zookeeper-plain zookeeper.service "$(printf 'Type=simple\nWatchdogSec=0')" "${paths[@]}" 's#-javaagent:[^ ]* ##'
server_boot

zk_cli() { timeout 60 "$JAVA" -cp "$home/conf:$home/lib/*" org.apache.zookeeper.ZooKeeperMain -server 127.0.0.1:$PORT "$@"; }

if server_timing zookeeper-plain zookeeper "$PORT" 120 "zk_cli ls /"; then
  # Each run is a client JVM: connect (a session, a write), the command, close (a write).
  if zk_cli create /traffic x > "$LOGS/cli.log" 2>&1; then
    server_stays_healthy zookeeper 10 "zk_cli set /traffic \$RANDOM && zk_cli get /traffic" "light traffic (ZooKeeperMain set and get)"
  else
    fail "ZooKeeperMain create /traffic failed"
    sed 's/^/  > /' "$LOGS/cli.log" | tail -n 20
  fi
  server_stays_healthy zookeeper 10 "" "idle for 2 x stall"
  printf -v hang 'exec timeout 120 %q -cp %q org.apache.zookeeper.ZooKeeperMain -server 127.0.0.1:%s create /hang x' \
    "$JAVA" "$home/conf:$home/lib/*" "$PORT"
  server_hang_restarts zookeeper "$hang" 60 \
    'progress point org\.apache\.zookeeper\.server\.FinalRequestProcessor#processRequest is stuck' \
    "a create of /hang, blocked in the audit logger"
fi
server_end
