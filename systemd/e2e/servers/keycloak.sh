#!/usr/bin/env bash
# preset=keycloak under a real systemd: keycloak-quarkus-dist from Maven Central (servers/keycloak), copied here
# with servers/keycloak's provider jar in providers/ (a realm resource: /realms/master/sd-watchdog-hang/ok
# answers, .../hang never does) and conf/keycloak.conf for plain HTTP on 127.0.0.1:18086 (management 19906), run by
# systemd/examples/keycloak.service through Keycloak's own bin/kc.sh start, after `kc.sh build` here for the
# provider (a minute or more of CPU; inside the unit it would be a re-augmenting JVM before the server's), so
# kc.sh runs the server JVM as its child (NotifyAccess=all, the JVM names itself with MAINPID=). The first start
# creates the database, and is not timed.
#
#   bash systemd/e2e/servers/keycloak.sh     (root; build first: mvn -Pservers -pl servers/keycloak -am verify -DskipTests)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT=18086
server_begin keycloak
dist=$(ls -d "$E2E_ROOT"/servers/keycloak/target/keycloak-2* 2>/dev/null | sort -V | tail -n 1)
provider=$E2E_ROOT/servers/keycloak/target/keycloak-hang-provider.jar
if [ -z "$dist" ] || [ ! -f "$provider" ]; then
  fail "no unpacked Keycloak or provider jar under servers/keycloak/target; build first: mvn -Pservers -pl servers/keycloak -am verify -DskipTests"
  server_end
fi

home=$WORK/keycloak
cp -r "$dist" "$home"
cp "$provider" "$home/providers/"
cat >> "$home/conf/keycloak.conf" <<CONF
http-enabled=true
http-host=127.0.0.1
http-port=$PORT
http-management-port=19906
hostname-strict=false
CONF

build_t0=$(e2e_now_us)
if ! JAVA_HOME=$JAVA_HOME_DIR bash "$home/bin/kc.sh" build > "$LOGS/build.log" 2>&1; then
  fail "kc.sh build failed"
  tail -n 20 "$LOGS/build.log" | sed 's/^/  > /'
  server_end
fi
echo "  kc.sh build with the provider: $(took "$build_t0" "$(e2e_now_us)")"

# The example's paths point at the build; it runs as root here, as the namespace has no user keycloak. The JVM is
# silent until READY, so a start on a crowded machine gets all the time it needs from TimeoutStartSec=.
paths=("s#/opt/keycloak#$home#g" '/^User=/d' '/^Group=/d')
server_unit keycloak keycloak.service "$(printf 'WatchdogSec=2s\nTimeoutStartSec=15min')" "${paths[@]}" \
  's#preset=keycloak#preset=keycloak,stall=5s#'
server_unit keycloak-plain keycloak.service "$(printf 'Type=simple\nWatchdogSec=0')" "${paths[@]}" '/^Environment=JAVA_OPTS_APPEND=/d'
server_boot

ok="curl -sf -m 10 -o /dev/null http://127.0.0.1:$PORT/realms/master/sd-watchdog-hang/ok"
# The first start creates the database's schema and the master realm.
if server_start_active keycloak "$PORT" 900 "$ok"; then
  pass "keycloak: first start (database created): active and serving $(took 0 "$SERVER_ACTIVE_US") after start"
else
  fail "keycloak: first start: not active and serving within 900 s"
  server_end
fi
e2e_ctl stop keycloak

if server_timing keycloak-plain keycloak "$PORT" 900 "$ok"; then
  server_start_was_clean keycloak "starts through kc.sh, the server JVM its child"
  server_stays_healthy keycloak 10 "$ok" "light traffic (GET .../sd-watchdog-hang/ok, a provider's REST resource)"
  server_stays_healthy keycloak 10 "" "idle for 2 x stall"
  server_suggest_names keycloak keycloak
  server_hang_restarts keycloak "curl -s -m 120 http://127.0.0.1:$PORT/realms/master/sd-watchdog-hang/hang" 90 \
    'progress point org\.jboss\.resteasy\.reactive\.server\.handlers\.InvocationHandler#handle is stuck' \
    "a request hanging in a provider's REST resource"
fi
server_end
