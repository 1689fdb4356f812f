#!/usr/bin/env bash
# preset=artemis under a real systemd: Apache ActiveMQ Artemis (the distribution from Maven Central,
# servers/artemis) with a broker instance made by `artemis create` as a user would, started by the
# instance's `bin/artemis run` (which execs java) from systemd/examples/artemis.service. CORE acceptor on
# 61617 only (no web console, no per-protocol acceptors), NIO journal, small heap. Traffic is the
# distribution's own `artemis producer` / `artemis consumer`; the hang is one message sent to the address
# "hang", which the module's broker plugin (HangPlugin, in the instance's lib/) blocks in beforeSend.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

server_begin artemis
PORT=61617
ARTEMIS_HOME=$(ls -d "$E2E_ROOT"/servers/artemis/target/apache-artemis-2.* 2>/dev/null | sort -V | tail -n 1)
PLUGIN_JAR=$E2E_ROOT/servers/artemis/target/artemis-hang-plugin.jar
if [ -z "$ARTEMIS_HOME" ] || [ ! -x "$ARTEMIS_HOME/bin/artemis" ] || [ ! -f "$PLUGIN_JAR" ]; then
  fail "the Artemis distribution or the plugin is missing under servers/artemis/target; build first: mvn -Pservers -DskipTests -pl servers/artemis -am package"
  server_end
fi

# The broker instance, as `artemis create` makes it; then the plugin deployed the usual way: its jar in the
# instance's lib/, its class in broker.xml's <broker-plugins>. --java-memory sets only -Xmx, and the
# profile's -Xms512M would exceed it, hence -Xms64M after it.
BROKER=$WORK/broker
if ! JAVA_HOME=$JAVA_HOME_DIR "$ARTEMIS_HOME/bin/artemis" create --silent --user e2e --password e2e --require-login \
    --host 127.0.0.1 --default-port "$PORT" --nio --no-web --no-amqp-acceptor --no-mqtt-acceptor \
    --no-stomp-acceptor --no-hornetq-acceptor --java-memory 256M --java-options=-Xms64M \
    "$BROKER" > "$LOGS/create.log" 2>&1; then
  fail "artemis create failed"
  sed 's/^/  > /' "$LOGS/create.log" | tail -n 20
  server_end
fi
cp "$PLUGIN_JAR" "$BROKER/lib/"
sed -i 's#^   </core>#      <broker-plugins>\n         <broker-plugin class-name="io.github.sdwatchdog.servers.artemis.HangPlugin"/>\n      </broker-plugins>\n   </core>#' \
  "$BROKER/etc/broker.xml"
grep -q HangPlugin "$BROKER/etc/broker.xml" || { fail "could not add the plugin to broker.xml"; server_end; }

server_unit artemis-plain artemis.service "" \
  "s#/opt/artemis-broker#$BROKER#g" 's#^Type=notify#Type=simple#' '/^WatchdogSec=/d' '/^NotifyAccess=/d' \
  '/^Environment=JAVA_ARGS_APPEND=/d'
server_unit artemis artemis.service "WatchdogSec=2s" \
  "s#/opt/artemis-broker#$BROKER#g" 's#preset=artemis#preset=artemis,stall=5s#'
# ready=listen: on a Netty server whose acceptor uses the native epoll transport where it can.
server_unit artemis-listen artemis.service "WatchdogSec=2s" \
  "s#/opt/artemis-broker#$BROKER#g" "s#preset=artemis#preset=artemis,ready=listen:$PORT#"
server_boot

# The distribution's CLI, on this JDK with a small heap.
cli() {
  JAVA_HOME=$JAVA_HOME_DIR JAVA_ARGS="-Xmx64m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" \
    "$ARTEMIS_HOME/bin/artemis" "$@" --url "tcp://127.0.0.1:$PORT" --user e2e --password e2e
}
# Light traffic: three messages through a normal queue and back; fails unless all three arrive.
traffic() {
  cli producer --destination queue://e2e --message-count 3 --message-size 100 > /dev/null 2>&1 || return 1
  cli consumer --destination queue://e2e --message-count 3 --receive-timeout 10000 2>&1 | grep -q 'Consumed: 3 messages'
}

server_timing artemis-plain artemis "$PORT" 90 traffic || server_end
traffic || fail "artemis: the first producer/consumer round trip failed"
server_stays_healthy artemis 10 traffic "light traffic (artemis producer/consumer, CORE)"
server_stays_healthy artemis 10 "" "idle, 2 x stall"
# One message to the address "hang": the plugin blocks it inside ServerSessionPacketHandler#onMessagePacket.
printf -v hang 'JAVA_HOME=%q JAVA_ARGS=%q exec %q producer --url %q --user e2e --password e2e --destination queue://hang --message-count 1' \
  "$JAVA_HOME_DIR" "-Xmx64m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" "$ARTEMIS_HOME/bin/artemis" "tcp://127.0.0.1:$PORT"
if server_hang_restarts artemis "$hang" 60 'progress point org\.apache\.activemq\.artemis\.core\.protocol\.core\.ServerSessionPacketHandler#onMessagePacket is stuck' "a send blocked by the broker plugin"; then
  # The restarted broker: active again (the journal holds nothing of the blocked send) and serving.
  deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ] && [ "$(e2e_prop artemis ActiveState)" != active ]; do sleep 0.2; done
  if [ "$(e2e_prop artemis ActiveState)" = active ] && traffic; then
    pass "artemis: active again after the restart, producer/consumer round trip ok"
  else
    fail "artemis: after the restart: ActiveState=$(e2e_prop artemis ActiveState), or the round trip failed"
    server_show_log artemis
  fi
fi
e2e_ctl stop artemis
if server_start_active artemis-listen "$PORT" 90; then
  if grep -q 'Started EPOLL Acceptor' "$LOGS/artemis-listen.log"; then
    pass "artemis-listen: ready=listen:$PORT with Netty's native epoll acceptor: active only once the port answers ($(awk -v us="$SERVER_ACTIVE_US" 'BEGIN { printf "%.1f", us / 1e6 }') s after start)"
  else
    fail "artemis-listen: active, but the acceptor was not Netty's native epoll: $(grep -o 'Started [A-Z]* Acceptor' "$LOGS/artemis-listen.log" | head -n 1)"
  fi
else
  fail "artemis-listen: ready=listen:$PORT: not active with the port answering"
fi
server_end
