#!/usr/bin/env bash
# preset=spring-boot-webflux under a real systemd: a Spring Boot 3 WebFlux application (servers/spring-boot-webflux,
# an ordinary fat jar on Reactor Netty that knows nothing of the agent), port 18083 on 127.0.0.1.
# GET /hang blocks the event loop that runs it for ever, as soon as the request arrives; POST /hang with a body
# does the same once the body has arrived. Both run inside Netty's DefaultChannelPipeline#fireChannelRead.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
server_begin spring-boot-webflux
PORT=18083
APP_DIR=$E2E_ROOT/servers/spring-boot-webflux/target
APP_JAR=$APP_DIR/spring-boot-webflux-app.jar
if [ ! -f "$APP_JAR" ]; then
  fail "$APP_JAR is missing; build it: mvn -Pservers -pl servers/spring-boot-webflux -am verify -DskipTests"
  server_end
fi
PATHS=("s#/opt/spring-boot-app/app.jar#$APP_JAR#g" "s#/opt/spring-boot-app#$APP_DIR#g")
STUCK='DefaultChannelPipeline#fireChannelRead is stuck'

server_unit sb-webflux spring-boot-webflux.service "WatchdogSec=2s" "${PATHS[@]}" \
  '/^ExecStart=/s#preset=spring-boot-webflux#preset=spring-boot-webflux,stall=5s#'
server_unit sb-webflux-plain spring-boot-webflux.service "" "${PATHS[@]}" \
  '/^ExecStart=/s#-javaagent:[^ ]* ##' 's#^Type=notify#Type=simple#' '/^WatchdogSec=/d' '/^NotifyAccess=/d'
server_boot

# After a restart: polls until the unit is active again and its port answers.
active_again() { # UNIT SECONDS
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    if [ "$(e2e_prop "$1" ActiveState)" = active ] && server_port_answers "$PORT"; then return 0; fi
    sleep 0.2
  done
  fail "$1: not active again within $2 s after the restart"
  return 1
}

if server_timing sb-webflux-plain sb-webflux "$PORT" 120 "curl -sf -m 10 http://127.0.0.1:$PORT/"; then
  server_stays_healthy sb-webflux 10 "curl -sf -m 5 http://127.0.0.1:$PORT/" "light traffic (GET / about once a second)"
  server_stays_healthy sb-webflux 11 "" "idle for 2 x stall"
  server_hang_restarts sb-webflux "curl -s -m 120 http://127.0.0.1:$PORT/hang" 90 \
    "$STUCK" "GET /hang blocked an event loop in a controller" &&
    active_again sb-webflux 120 &&
    : > "$LOGS/sb-webflux.log" && # so the second report is this hang's own
    server_hang_restarts sb-webflux "curl -s -m 120 -H 'Content-Type: text/plain' -d body http://127.0.0.1:$PORT/hang" 90 \
      "$STUCK" "POST /hang blocked an event loop once the body had arrived"
fi
server_end
