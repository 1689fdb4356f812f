#!/usr/bin/env bash
# One command to see sd-watchdog at work: builds the agent, then runs test-app with it.
#   - With root and unshare: under a real systemd (PID 1 of a private namespace), using the project's
#     own unit file (systemd/units/sd-watchdog-test-app.service): `systemctl status` turns active with
#     the agent's STATUS= once Server#start returns; then a hang inside the main loop stops the pings,
#     the agent reports what is stuck, and systemd restarts the service.
#   - Otherwise: the agent's `listen` command stands in for systemd and prints each datagram as it
#     arrives: READY=1, WATCHDOG=1 pings, and after the hang the UNHEALTHY status and no more pings.
#
#   ./demo.sh                  (DEMO_MODE=listen ./demo.sh forces the second form; JAVA_HOME picks the JDK)
set -euo pipefail
cd "$(dirname "$0")"
. systemd/e2e/lib.sh

echo "== building (mvn -q -DskipTests package)"
# (Maven 3.8 prints colour resets even with -q -B; they are dropped.)
mvn -q -B -DskipTests package 2>&1 | sed -u $'s/\x1b\\[[0-9;]*m//g'
JAVA=$(e2e_java)
OPTIONS=ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick,stall=4s
APP_ARGS="--startup=3s --fault=hang --fault-after=8s"

mkdir -p target
WORK=$(mktemp -d "$PWD/target/demo.XXXXXX")
APP_PID=
LISTENER_PID=
cleanup() {
  set +e
  e2e_shutdown
  for pid in $APP_PID $LISTENER_PID; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Polls CONDITION (a shell expression) every 0.2 s until it holds or SECONDS pass.
wait_until() { # SECONDS CONDITION
  local deadline=$((SECONDS + $1))
  while [ $SECONDS -lt $deadline ]; do
    eval "$2" && return 0
    sleep 0.2
  done
  return 1
}

if [ "${DEMO_MODE:-}" != listen ] && e2e_can_run; then
  echo "== a private systemd as PID 1 runs test-app from systemd/units/sd-watchdog-test-app.service"
  echo "   (a drop-in for the demo: WatchdogSec=4s, agent stall=4s, startup 3 s, a hang inside WorkLoop#tick 8 s after start)"
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
  echo "== systemctl start demo.service   ($(e2e_ctl --version | head -n 1), JVM $("$JAVA" -version 2>&1 | head -n 1))"
  e2e_ctl start --no-block demo.service
  show() {
    printf '%s  %-24s NRestarts=%s  Status: %s\n' "$(date +%T.%N | cut -c1-12)" \
      "$(e2e_prop demo.service ActiveState)/$(e2e_prop demo.service SubState)" \
      "$(e2e_prop demo.service NRestarts)" "$(e2e_prop demo.service StatusText)"
  }
  last=
  status_shown=
  reported=
  deadline=$((SECONDS + 90))
  while [ $SECONDS -lt $deadline ]; do
    line=$(show)
    [ "${line#* }" != "${last#* }" ] && echo "$line"
    last=$line
    if [ -z "$status_shown" ] && [ "$(e2e_prop demo.service ActiveState)" = active ]; then
      status_shown=yes
      echo "---- systemctl status demo.service, once Server#start has returned:"
      e2e_ctl status --no-pager demo.service | sed -n '1,/CGroup:/p'
      echo "----"
    fi
    if [ -z "$reported" ] && grep -q "is stuck" "$WORK/demo.log" 2>/dev/null; then
      reported=yes
      echo "---- the agent's report, from the unit's output (on a real host: journalctl -u demo):"
      grep "sd-watchdog: " "$WORK/demo.log" | sed -n '/is stuck/,/UNHEALTHY/p' | head -n 24
      echo "----"
    fi
    if [ "$(e2e_prop demo.service NRestarts)" -ge 1 ] 2>/dev/null && [ "$(e2e_prop demo.service ActiveState)" = active ]; then
      if [ -n "$(e2e_syslog demo)" ]; then
        echo "---- systemd's own log about demo.service:"
        e2e_syslog demo | grep -E "Watchdog|Killing|Main process exited|Failed with result|Scheduled restart" | head -n 8
        echo "----"
      fi
      echo "== systemd restarted the hung service, and it is active again:"
      e2e_ctl status --no-pager demo.service | sed -n '1,/Status:/p'
      exit 0
    fi
    sleep 0.3
  done
  echo "demo: the restart did not come within 90 s; the unit's output:"; tail -n 40 "$WORK/demo.log"
  exit 1
fi

if [ "${DEMO_MODE:-}" = listen ]; then why="DEMO_MODE=listen"; else why=$E2E_WHY_NOT; fi
echo "== no private systemd here ($why): the agent's listen command stands in for it"
SOCKET=$WORK/notify.sock
"$JAVA" -jar agent/target/sd-watchdog-agent.jar listen "$SOCKET" > >(tee "$WORK/notify.log" | sed -u 's/^/  [notify socket] /') 2>&1 &
LISTENER_PID=$!
wait_until 20 '[ -S "$SOCKET" ]' || { echo "demo: the listener did not create $SOCKET"; exit 1; }
echo "== test-app with NOTIFY_SOCKET=$SOCKET WATCHDOG_USEC=4000000 ($("$JAVA" -version 2>&1 | head -n 1)):"
echo "   READY after the 3 s startup, a ping every 2 s, then a hang 8 s after start: the report, and the pings stop"
NOTIFY_SOCKET=$SOCKET WATCHDOG_USEC=4000000 "$JAVA" -javaagent:agent/target/sd-watchdog-agent.jar=$OPTIONS \
  -jar test-app/target/test-app.jar $APP_ARGS > >(tee "$WORK/app.log" | sed -u 's/^/  [test-app] /') 2>&1 &
APP_PID=$!
wait_until 60 'grep -q "STATUS=UNHEALTHY" "$WORK/notify.log"' || { echo "demo: no UNHEALTHY status within 60 s"; exit 1; }
unhealthy_line=$(grep -n "STATUS=UNHEALTHY" "$WORK/notify.log" | head -n 1 | cut -d: -f1)
# systemd would act WatchdogSec (4 s) after the last ping; watch twice that long for a ping that must not come.
if wait_until 8 '[ -n "$(tail -n +"$unhealthy_line" "$WORK/notify.log" | grep WATCHDOG=1)" ]'; then
  echo "demo: a WATCHDOG=1 arrived after the UNHEALTHY status"; exit 1
fi
echo "== no WATCHDOG=1 for 8 s since the UNHEALTHY status: systemd (WatchdogSec=4s) would now kill and restart the service"
