#!/usr/bin/env bash
# preset=spring-boot-servlet under a real systemd: a Spring Boot 3 MVC application (servers/spring-boot-servlet,
# an ordinary fat jar on embedded Tomcat that knows nothing of the agent), port 18082 on 127.0.0.1.
# GET /hang blocks its request thread for ever inside DispatcherServlet#doDispatch.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
server_begin spring-boot-servlet
PORT=18082
APP_DIR=$E2E_ROOT/servers/spring-boot-servlet/target
APP_JAR=$APP_DIR/spring-boot-servlet-app.jar
if [ ! -f "$APP_JAR" ]; then
  fail "$APP_JAR is missing; build it: mvn -Pservers -pl servers/spring-boot-servlet -am verify -DskipTests"
  server_end
fi
PATHS=("s#/opt/spring-boot-app/app.jar#$APP_JAR#g" "s#/opt/spring-boot-app#$APP_DIR#g")

server_unit sb-servlet spring-boot-servlet.service "WatchdogSec=2s" "${PATHS[@]}" \
  '/^ExecStart=/s#preset=spring-boot-servlet#preset=spring-boot-servlet,stall=5s#'
server_unit sb-servlet-plain spring-boot-servlet.service "" "${PATHS[@]}" \
  '/^ExecStart=/s#-javaagent:[^ ]* ##' 's#^Type=notify#Type=simple#' '/^WatchdogSec=/d' '/^NotifyAccess=/d'
server_boot

if server_timing sb-servlet-plain sb-servlet "$PORT" 120 "curl -sf -m 10 http://127.0.0.1:$PORT/"; then
  server_stays_healthy sb-servlet 10 "curl -sf -m 5 http://127.0.0.1:$PORT/" "light traffic (GET / about once a second)"
  server_stays_healthy sb-servlet 11 "" "idle for 2 x stall"
  server_hang_restarts sb-servlet "curl -s -m 120 http://127.0.0.1:$PORT/hang" 90 \
    'DispatcherServlet#doDispatch is stuck' "GET /hang blocked in a controller"
fi
server_end
