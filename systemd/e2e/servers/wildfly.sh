#!/usr/bin/env bash
# preset=wildfly under a real systemd: the WildFly distribution from Maven Central (servers/wildfly), run by
# systemd/examples/wildfly.service through WildFly's own bin/standalone.sh (which keeps java as its child:
# NotifyAccess=all, the JVM names itself with MAINPID=), with a JBOSS_BASE_DIR of its own: the distribution's
# standalone/ with servers/jetty's hang.war in deployments/ (/hang/ok answers, /hang/hang never does).
# HTTP on 18082, HTTPS 18083, management 19990 and 19993.
#
#   bash systemd/e2e/servers/wildfly.sh     (root; build first: mvn -Pservers -pl servers/wildfly -am verify -DskipTests)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT=18082
server_begin wildfly
home=$(ls -d "$E2E_ROOT"/servers/wildfly/target/wildfly-* 2>/dev/null | sort -V | tail -n 1)
war=$(ls "$E2E_ROOT"/servers/wildfly/target/hang-war/*.war 2>/dev/null | head -n 1)
if [ -z "$home" ] || [ -z "$war" ]; then
  fail "no unpacked WildFly or hang.war under servers/wildfly/target; build first: mvn -Pservers -pl servers/wildfly -am verify -DskipTests"
  server_end
fi

base=$WORK/standalone
cp -r "$home/standalone" "$base"
cp "$war" "$base/deployments/hang.war"
ports="-Djboss.http.port=$PORT -Djboss.https.port=18083 -Djboss.management.http.port=19990 -Djboss.management.https.port=19993"
# The example's paths point at the build; it runs as root here, as the namespace has no user wildfly.
paths=("s#/opt/wildfly#$home#g" "s#standalone.sh\$#standalone.sh $ports#" '/^User=/d' '/^Group=/d')
# The JVM is silent until READY, so a start on a crowded machine gets all the time it needs from TimeoutStartSec=.
server_unit wildfly wildfly.service "$(printf 'WatchdogSec=2s\nTimeoutStartSec=15min\nEnvironment=JBOSS_BASE_DIR=%s' "$base")" "${paths[@]}" \
  's#preset=wildfly#preset=wildfly,stall=5s#'
server_unit wildfly-plain wildfly.service "$(printf 'Type=simple\nWatchdogSec=0\nEnvironment=JBOSS_BASE_DIR=%s' "$base")" \
  "${paths[@]}" 's# -javaagent:[^"]*##'
server_boot

# WildFly holds requests that arrive while it boots and answers them once it has resumed, so a request that
# succeeds at active is not enough: the deployment must have been deployed by then too.
serves="grep -aq 'WFLYSRV0010: Deployed \"hang.war\"' '$LOGS/wildfly.log' && curl -sf -m 10 -o /dev/null http://127.0.0.1:$PORT/hang/ok"
if server_timing wildfly-plain wildfly "$PORT" 900 "$serves"; then
  server_start_was_clean wildfly "a start through standalone.sh" "$base/log/server.log"
  server_stays_healthy wildfly 10 "curl -sf -m 10 -o /dev/null http://127.0.0.1:$PORT/hang/ok" "light traffic (GET /hang/ok, a servlet)"
  server_stays_healthy wildfly 10 "" "idle for 2 x stall"
  server_hang_restarts wildfly "curl -s -m 120 http://127.0.0.1:$PORT/hang/hang" 90 \
    'progress point io\.undertow\.server\.Connectors#executeRootHandler is stuck' "a request hanging in a servlet"
  # The restarted server, idle: Connectors loads only with the first request, and that is no warning.
  deadline=$((SECONDS + 900))
  while [ $SECONDS -lt $deadline ] && [ "$(e2e_prop wildfly ActiveState)" != active ]; do sleep 0.2; done
  server_stays_healthy wildfly 12 "" "restarted and idle, no request yet"
  if grep -aq 'io.undertow.server.Connectors has not been loaded' "$LOGS/wildfly.log"; then
    fail "wildfly: an idle restarted server got a warning that Connectors is not loaded"
  else
    pass "wildfly: no warning about Connectors, which loads with the first request"
  fi
  # systemctl stop: SIGTERM; the JVM (the main process since MAINPID=) stops gracefully and exits 143.
  e2e_ctl stop wildfly
  result="Result=$(e2e_prop wildfly Result) ExecMainStatus=$(e2e_prop wildfly ExecMainStatus)"
  if [ "$result" = "Result=success ExecMainStatus=143" ]; then pass "wildfly: systemctl stop: $result"
  else fail "wildfly: systemctl stop: $result"; server_show_log wildfly; fi
fi
server_end
