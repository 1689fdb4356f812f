#!/usr/bin/env bash
# preset=tomcat under a real systemd: the Tomcat 10.1 distribution from Maven Central (servers/tomcat),
# run by systemd/examples/tomcat.service (catalina.sh run) with a CATALINA_BASE prepared here: the
# distribution's conf with the HTTP connector on 18080 and no shutdown port, and webapps/ROOT with hang.jsp.
#
#   bash systemd/e2e/servers/tomcat.sh     (root; build first: mvn -Pservers -pl servers/tomcat -am verify -DskipTests)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT=18080
server_begin tomcat
home=$(ls -d "$E2E_ROOT"/servers/tomcat/target/apache-tomcat-* 2>/dev/null | sort -V | tail -n 1)
if [ -z "$home" ]; then
  fail "no unpacked Tomcat under servers/tomcat/target; build first: mvn -Pservers -pl servers/tomcat -am verify -DskipTests"
  server_end
fi

base=$WORK/catalina-base
mkdir -p "$base/logs" "$base/temp" "$base/work" "$base/webapps"
cp -r "$home/conf" "$base/conf"
sed -i -e 's#<Server port="8005"#<Server port="-1"#' -e "s#port=\"8080\"#port=\"$PORT\"#" "$base/conf/server.xml"
cp -r "$home/webapps/ROOT" "$base/webapps/ROOT"
cp "$E2E_ROOT/servers/tomcat/src/main/webapp/hang.jsp" "$base/webapps/ROOT/"

# The example's paths point at the build; it runs as root here, as the namespace has no user tomcat.
paths=("s#CATALINA_BASE=/opt/tomcat#CATALINA_BASE=$base#" "s#/opt/tomcat#$home#g" '/^User=/d' '/^Group=/d')
server_unit tomcat tomcat.service "WatchdogSec=2s" "${paths[@]}" 's#preset=tomcat#preset=tomcat,stall=5s#'
# The same server without the agent, for the timing: start to its port answering.
server_unit tomcat-plain tomcat.service "$(printf 'Type=simple\nWatchdogSec=0')" "${paths[@]}" '/^Environment=CATALINA_OPTS=/d'
server_boot

if server_timing tomcat-plain tomcat "$PORT" 120 "curl -sf -m 10 -o /dev/null http://127.0.0.1:$PORT/"; then
  server_stays_healthy tomcat 10 "curl -sf -m 10 -o /dev/null http://127.0.0.1:$PORT/" "light traffic (GET /, index.jsp)"
  server_stays_healthy tomcat 10 "" "idle for 2 x stall"
  server_hang_restarts tomcat "curl -s -m 120 http://127.0.0.1:$PORT/hang.jsp" 60 \
    'progress point org\.apache\.catalina\.connector\.CoyoteAdapter#service is stuck' "a request hanging in hang.jsp"
  # systemctl stop: SIGTERM, Tomcat's shutdown hook stops it gracefully, the JVM exits 143 (SuccessExitStatus=).
  deadline=$((SECONDS + 120))
  while [ $SECONDS -lt $deadline ] && [ "$(e2e_prop tomcat ActiveState)" != active ]; do sleep 0.2; done
  e2e_ctl stop tomcat
  result="Result=$(e2e_prop tomcat Result) ExecMainStatus=$(e2e_prop tomcat ExecMainStatus)"
  if [ "$result" = "Result=success ExecMainStatus=143" ]; then pass "tomcat: systemctl stop after the restart: $result"
  else fail "tomcat: systemctl stop after the restart: $result"; server_show_log tomcat; fi
fi
server_end
