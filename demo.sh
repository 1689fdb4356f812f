#!/usr/bin/env bash
# Builds the agent and shows it at work on test-app.
#   - With root and unshare: under a real systemd (PID 1 of a private namespace), using the project's
#     own unit file: `systemctl status` turns active when Server#start returns, then a hang inside the
#     main loop stops the pings and systemd restarts the service.
#   - Otherwise: the agent's `listen` command stands in for systemd and prints each datagram as it arrives.
set -euo pipefail
cd "$(dirname "$0")"
. systemd/e2e/lib.sh

echo "== building (mvn -q -DskipTests package)"
mvn -q -B -DskipTests package
JAVA=$(e2e_java)
OPTIONS=ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick,stall=4s
APP_ARGS="--startup=3s --fault=hang --fault-after=8s"

mkdir -p target
WORK=$(mktemp -d "$PWD/target/demo.XXXXXX")
cleanup() {
  set +e
  e2e_shutdown
  for pid in ${APP_PID:-} ${LISTENER_PID:-}; do
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

if e2e_can_run; then
  echo "== a private systemd as PID 1 runs test-app from systemd/units/sd-watchdog-test-app.service"
  echo "   (drop-in for the demo: WatchdogSec=4s, agent stall=4s, a hang inside WorkLoop#tick after 8 s)"
  mkdir -p "$WORK/units/demo.service.d"
  e2e_install_unit systemd/units/sd-watchdog-test-app.service "$WORK/units/demo.service"
  cat > "$WORK/units/demo.service.d/demo.conf" <<CONF
[Unit]
DefaultDependencies=no
[Service]
WatchdogSec=4s
RestartSec=2s
Environment=SD_WATCHDOG_OPTIONS=$OPTIONS
Environment="TEST_APP_ARGS=$APP_ARGS"
StandardOutput=append:$WORK/demo.log
StandardError=append:$WORK/demo.log
CONF
  e2e_boot "$WORK" "$WORK/units"
  e2e_ctl start --no-block demo.service
  show() {
    printf '%s  %-36s NRestarts=%s  Status: %s\n' "$(date +%T)" \
      "$(e2e_ctl status --no-pager demo.service 2>/dev/null | sed -n 's/^ *Active: \([a-z]* ([a-z-]*)\).*/\1/p')" \
      "$(e2e_prop demo.service NRestarts)" "$(e2e_prop demo.service StatusText)"
  }
  last=
  reported=
  deadline=$((SECONDS + 90))
  while [ $SECONDS -lt $deadline ]; do
    line=$(show)
    [ "${line#* }" != "${last#* }" ] && echo "$line"
    last=$line
    if [ -z "$reported" ] && grep -q "is stuck" "$WORK/demo.log" 2>/dev/null; then
      reported=yes
      echo "---- the agent's report, from the unit's output (the journal, on a real host):"
      grep "sd-watchdog: " "$WORK/demo.log" | sed -n '/is stuck/,/UNHEALTHY/p' | head -n 24
      echo "----"
    fi
    if [ "$(e2e_prop demo.service NRestarts)" -ge 1 ] && [ "$(e2e_prop demo.service ActiveState)" = active ]; then
      echo "== systemd restarted the hung service, and it is active again:"
      e2e_ctl status --no-pager demo.service | head -n 9
      exit 0
    fi
    sleep 0.5
  done
  echo "demo: the restart did not come within 90 s; the unit's output:"; tail -n 40 "$WORK/demo.log"
  exit 1
fi

echo "== no private systemd here ($E2E_WHY_NOT): the agent's listen command stands in for it"
SOCKET=$WORK/notify.sock
"$JAVA" -jar agent/target/sd-watchdog-agent.jar listen "$SOCKET" &
LISTENER_PID=$!
for _ in $(seq 50); do [ -S "$SOCKET" ] && break; sleep 0.1; done
echo "== test-app with NOTIFY_SOCKET=$SOCKET WATCHDOG_USEC=4000000: READY after the 3 s startup,"
echo "   pings every 2 s, then a hang after 8 s: the report, and the pings stop"
NOTIFY_SOCKET=$SOCKET WATCHDOG_USEC=4000000 "$JAVA" -javaagent:agent/target/sd-watchdog-agent.jar=$OPTIONS \
  -jar test-app/target/test-app.jar $APP_ARGS &
APP_PID=$!
sleep 22 # the demo's length: long enough to see the hang, the report and the silence after it
echo "== no WATCHDOG=1 since the report: systemd would now kill and restart the service"
