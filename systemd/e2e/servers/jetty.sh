#!/usr/bin/env bash
# preset=jetty under a real systemd: jetty-home 12 from Maven Central (servers/jetty), run by
# systemd/examples/jetty.service (java -jar start.jar) with a jetty.base made here by start.jar itself
# (--add-modules=http,ee10-deploy,work, HTTP on 18081) and servers/jetty's hang.war in its webapps: /hang/ok
# answers, /hang/hang blocks forever in the servlet.
#
#   bash systemd/e2e/servers/jetty.sh     (root; build first: mvn -Pservers -pl servers/jetty -am verify -DskipTests)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT=18081
server_begin jetty
home=$(ls -d "$E2E_ROOT"/servers/jetty/target/jetty/jetty-home-* 2>/dev/null | sort -V | tail -n 1)
war=$E2E_ROOT/servers/jetty/target/hang.war
if [ -z "$home" ] || [ ! -f "$war" ]; then
  fail "no unpacked jetty-home or hang.war under servers/jetty/target; build first: mvn -Pservers -pl servers/jetty -am verify -DskipTests"
  server_end
fi

base=$WORK/jetty-base
mkdir -p "$base"
if ! (cd "$base" && "$JAVA" -jar "$home/start.jar" jetty.home="$home" jetty.base="$base" \
    --add-modules=http,ee10-deploy,work jetty.http.port=$PORT > "$LOGS/add-modules.log" 2>&1); then
  fail "start.jar --add-modules failed"
  sed 's/^/  > /' "$LOGS/add-modules.log"
  server_end
fi
cp "$war" "$base/webapps/hang.war"

paths=("s#/opt/jetty-base#$base#g" "s#/opt/jetty#$home#g" '/^User=/d' '/^Group=/d')
server_unit jetty jetty.service "WatchdogSec=2s" "${paths[@]}" 's#preset=jetty#preset=jetty,stall=5s#'
server_unit jetty-plain jetty.service "$(printf 'Type=simple\nWatchdogSec=0')" "${paths[@]}" 's#-javaagent:[^ ]* ##'
server_boot

if server_timing jetty-plain jetty "$PORT" 120 "curl -sf -m 10 -o /dev/null http://127.0.0.1:$PORT/hang/ok"; then
  server_stays_healthy jetty 10 "curl -sf -m 10 -o /dev/null http://127.0.0.1:$PORT/hang/ok" "light traffic (GET /hang/ok, a servlet)"
  server_stays_healthy jetty 10 "" "idle for 2 x stall"
  server_hang_restarts jetty "curl -s -m 120 http://127.0.0.1:$PORT/hang/hang" 60 \
    'progress point org\.eclipse\.jetty\.server\.Server#handle is stuck' "a request hanging in a servlet"
fi
server_end
