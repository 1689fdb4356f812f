#!/usr/bin/env bash
# preset=kafka under a real systemd: Kafka 4 from Maven Central (servers/kafka: kafka_2.13 and its runtime
# dependencies in target/kafka/libs, as the distribution's libs/ holds them, with the test plugin jar),
# run by systemd/examples/kafka.service (java ... kafka.Kafka server.properties) as one KRaft node, broker and
# controller, on 19092/19093, its storage formatted here first. The plugin is the broker's authorizer
# (authorizer.class.name): it allows everything, but blocks a request touching a resource named "hang".
# Traffic and the hanging request come from servers/kafka's E2eClient, a JVM on the same jars.
#
#   bash systemd/e2e/servers/kafka.sh     (root; build first: mvn -Pservers -pl servers/kafka -am verify -DskipTests)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT=19092
CONTROLLER_PORT=19093
server_begin kafka
home=$E2E_ROOT/servers/kafka/target/kafka
if ! ls "$home"/libs/kafka_2.13-*.jar > /dev/null 2>&1 || [ ! -f "$home/libs/sd-watchdog-kafka-plugin.jar" ]; then
  fail "no Kafka jars or sd-watchdog-kafka-plugin.jar in servers/kafka/target/kafka/libs; build first: mvn -Pservers -pl servers/kafka -am verify -DskipTests"
  server_end
fi

config=$WORK/config
mkdir -p "$config" "$WORK/data" "$WORK/logs-kafka"
cat > "$config/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$WORK/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
authorizer.class.name=io.github.sdwatchdog.servers.kafka.HangAuthorizer
PROPS
# Console only (the unit's log), warnings and Kafka's "started" line; the distribution's log4j2.yaml also
# writes files under kafka.logs.dir.
cat > "$config/log4j2.properties" <<'PROPS'
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stdout.ref = STDOUT
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = INFO
PROPS

# A cluster id as kafka-storage.sh random-uuid makes it (16 random bytes, URL-safe base64, no leading '-').
cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | sed 's/^-/A/')
if ! "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$config/log4j2.properties" -cp "$home/libs/*" kafka.tools.StorageTool \
    format --standalone -t "$cluster_id" -c "$config/server.properties" > "$LOGS/format.log" 2>&1; then
  fail "kafka-storage format failed"
  sed 's/^/  > /' "$LOGS/format.log"
  server_end
fi

# The client as one command line (server_hang_restarts runs it with bash -c, which then execs java).
printf -v client '%q ' "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$config/log4j2.properties" \
  -cp "$home/libs/*" io.github.sdwatchdog.servers.kafka.E2eClient

paths=("s#/opt/kafka/config/server.properties#$config/server.properties#g"
  "s#/opt/kafka/config/log4j2.yaml#$config/log4j2.properties#g"
  "s#/opt/kafka/logs#$WORK/logs-kafka#g" "s#/opt/kafka/libs#$home/libs#g"
  's#-Xms1g -Xmx1g#-Xms512m -Xmx512m#' '/^User=/d' '/^Group=/d')
server_unit kafka kafka.service "WatchdogSec=2s" "${paths[@]}" 's#preset=kafka#preset=kafka,stall=5s#'
server_unit kafka-plain kafka.service "$(printf 'Type=simple\nWatchdogSec=0')" "${paths[@]}" 's#-javaagent:[^ ]* ##'
server_boot

if server_timing kafka-plain kafka "$PORT" 120 "${client}traffic 127.0.0.1:$PORT"; then
  server_stays_healthy kafka 10 "${client}traffic 127.0.0.1:$PORT" \
    "light traffic (list topics, produce 3 messages to topic light)"
  server_stays_healthy kafka 10 "" "idle for 2 x stall"
  server_hang_restarts kafka "${client}hang 127.0.0.1:$PORT 120" 60 \
    'progress point kafka\.server\.KafkaApis#handle is stuck' "a request (describe topic hang) blocked in the authorizer"
fi
server_end
