#!/usr/bin/env bash
# End to end under a real systemd: boots systemd 252 as PID 1 of a private namespace, installs the
# project's own unit files (systemd/units) with the build's paths, and checks each claim with systemctl.
# Shorter timeouts come from drop-ins written here, so the units themselves are the ones users copy.
#
#   bash systemd/e2e/run.sh        (root; JAVA_HOME picks the JDK; build first: mvn -DskipTests package)
#
# Where it cannot run (not root, no unshare) it says so and skips, unless CI=true or E2E_REQUIRED is set.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if ! e2e_can_run; then
  if [ "${CI:-}" = true ] || [ -n "${E2E_REQUIRED:-}" ]; then
    echo "e2e: FAILED: the end-to-end harness cannot run here ($E2E_WHY_NOT), and this run requires it"
    exit 1
  fi
  echo "####################################################################"
  echo "# SKIPPED: end-to-end harness under systemd: $E2E_WHY_NOT"
  echo "####################################################################"
  exit 0
fi
for jar in "$E2E_AGENT_JAR" "$E2E_TEST_APP_JAR"; do
  [ -f "$jar" ] || { echo "e2e: FAILED: $jar is missing; build first: mvn -DskipTests package"; exit 1; }
done

mkdir -p "$E2E_ROOT/target"
WORK=$(mktemp -d "$E2E_ROOT/target/e2e.XXXXXX")
UNITS=$WORK/units
LOGS=$WORK/logs
mkdir -p "$UNITS" "$LOGS"
trap 'e2e_shutdown; [ -n "${E2E_KEEP:-}" ] && echo "e2e: kept $WORK" || rm -rf "$WORK"' EXIT

passed=0
failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
took() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", (b - a) / 1e6 }'; }

OPTIONS=ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick

# A copy of the project's test-app unit named NAME, with a drop-in for this case.
unit() { # NAME WATCHDOG_SEC AGENT_OPTIONS APP_ARGS [EXTRA_SERVICE_LINES]
  e2e_install_unit "$E2E_ROOT/systemd/units/sd-watchdog-test-app.service" "$UNITS/$1.service"
  drop_in "$1" "$2" "Environment=SD_WATCHDOG_OPTIONS=$3
Environment=\"TEST_APP_ARGS=$4\"
${5:-}"
}

drop_in() { # NAME WATCHDOG_SEC SERVICE_LINES
  mkdir -p "$UNITS/$1.service.d"
  cat > "$UNITS/$1.service.d/e2e.conf" <<CONF
[Unit]
DefaultDependencies=no
StartLimitIntervalSec=0

[Service]
WatchdogSec=$2
RestartSec=1s
TimeoutStartSec=60s
StandardOutput=append:$LOGS/$1.log
StandardError=append:$LOGS/$1.log
$3
CONF
}

# Polls CONDITION (a shell expression) every 0.2 s until it holds or SECONDS pass.
wait_until() { # SECONDS CONDITION
  local deadline=$((SECONDS + $1))
  while [ $SECONDS -lt $deadline ]; do
    eval "$2" && return 0
    sleep 0.2
  done
  return 1
}

# Watches UNIT for SECONDS: it must stay active with NRestarts=0 throughout.
stays_healthy() { # UNIT SECONDS
  local deadline=$((SECONDS + $2)) state restarts
  while [ $SECONDS -lt $deadline ]; do
    state=$(e2e_prop "$1" ActiveState)
    restarts=$(e2e_prop "$1" NRestarts)
    if [ "$state" != active ] || [ "$restarts" != 0 ]; then
      echo "  $1: ActiveState=$state NRestarts=$restarts"
      return 1
    fi
    sleep 0.5
  done
}

restarted() { [ "$(e2e_prop "$1" NRestarts)" -ge 1 ] 2>/dev/null; }

# The units. Watchdog periods are short so each claim is shown in seconds.
unit e2e-startup 2s "$OPTIONS,stall=3s" "--startup=5s"
unit e2e-healthy 2s "$OPTIONS,stall=3s" "--shutdown-drain=2s"
unit e2e-reexec 2s "$OPTIONS,stall=3s" ""
unit e2e-hang 2s "$OPTIONS,stall=3s" "--fault=hang --fault-after=3s"
unit e2e-deadlock 30s "$OPTIONS,stall=30s,deadlock-check=1s,on-unhealthy=trigger" "--fault=lock-deadlock --fault-after=3s"
unit e2e-crash 2s "$OPTIONS,stall=3s" "--fault=exit --exit-code=3 --fault-after=3s"
unit e2e-hardened 2s "$OPTIONS,stall=3s" "" "PrivateTmp=yes
ProtectSystem=strict
ProtectHome=yes
NoNewPrivileges=yes"
e2e_install_unit "$E2E_ROOT/systemd/units/java-service.service" "$UNITS/e2e-dropin.service"
mkdir -p "$UNITS/e2e-dropin.service.d"
e2e_install_unit "$E2E_ROOT/systemd/units/java-service.service.d/sd-watchdog.conf" "$UNITS/e2e-dropin.service.d/sd-watchdog.conf"
drop_in e2e-dropin 2s ""
# Drop-ins apply in name order; zz- comes after sd-watchdog.conf and e2e.conf.
printf '[Service]\nWatchdogSec=2s\n' > "$UNITS/e2e-dropin.service.d/zz-e2e-watchdog.conf"

echo "e2e: $(e2e_java) ($("$(e2e_java)" -version 2>&1 | head -n 1))"
e2e_boot "$WORK" "$UNITS" || { echo "e2e: 0 passed, 1 failed"; exit 1; }
echo "e2e: systemd $(e2e_prop "" Version 2>/dev/null || e2e_ctl --version | head -n 1) is PID 1 of a private namespace (host PID $E2E_SD_PID)"

t0=$(e2e_now_us)
e2e_ctl start --no-block e2e-startup e2e-healthy e2e-reexec e2e-hang e2e-deadlock e2e-crash e2e-hardened e2e-dropin

# Phase 1: one loop watches every unit at once, so each first restart and state change is timed as it
# happens. Each poll is one systemctl call: "unit state restarts" per line.
WATCHED="e2e-startup e2e-healthy e2e-reexec e2e-hang e2e-deadlock e2e-crash e2e-hardened e2e-dropin"
poll() { # systemctl show prints each unit's properties in its own order, with a blank line between units
  e2e_ctl show -p Id -p ActiveState -p NRestarts $WATCHED \
    | awk -F= '$1=="Id"{id=$2} $1=="ActiveState"{st=$2} $1=="NRestarts"{n=$2} /^$/{print id, st, n} END{print id, st, n}'
}
declare -A first_restart first_active unhealthy_seen
startup_early=
HEALTHY_UNITS="e2e-healthy.service e2e-reexec.service e2e-hardened.service e2e-dropin.service"
deadline=$((SECONDS + 120))
while [ $SECONDS -lt $deadline ]; do
  states=$(poll)
  now=$(e2e_now_us) # after the poll: a state seen in it was reached by now
  while read -r id state restarts; do
    if [ "$state" = active ] && [ -z "${first_active[$id]:-}" ]; then
      first_active[$id]=$now
      # Read after systemd said active: if READY had come before the return, the line would be missing.
      if [ "$id" = e2e-startup.service ] && [ -z "$(e2e_event_us "$LOGS/e2e-startup.log" startup-returns)" ]; then
        startup_early=yes
      fi
    fi
    if [ "${restarts:-0}" -ge 1 ] && [ -z "${first_restart[$id]:-}" ]; then first_restart[$id]=$now; fi
    case " $HEALTHY_UNITS " in
      *" $id "*) if [ -n "${first_active[$id]:-}" ] && { [ "$state" != active ] || [ "$restarts" != 0 ]; }; then
                   unhealthy_seen[$id]="ActiveState=$state NRestarts=$restarts"; fi ;;
    esac
  done <<< "$states"
  done_restarts=1
  for id in e2e-hang.service e2e-deadlock.service e2e-crash.service; do
    [ -n "${first_restart[$id]:-}" ] || done_restarts=0
  done
  healthy_long_enough=1
  for id in $HEALTHY_UNITS; do
    active_since=${first_active[$id]:-}
    if [ -z "$active_since" ] || [ $((now - active_since)) -lt 12000000 ]; then healthy_long_enough=0; fi
  done
  [ "$done_restarts" = 1 ] && [ "$healthy_long_enough" = 1 ] && [ -n "${first_active[e2e-startup.service]:-}" ] && break
  sleep 0.2
done

# 1. activating until the startup method has returned, then active.
log=$LOGS/e2e-startup.log
began=$(e2e_event_us "$log" startup-begins)
returned=$(e2e_event_us "$log" startup-returns)
active_at=${first_active[e2e-startup.service]:-}
if [ -n "$active_at" ] && [ -z "$startup_early" ] && [ -n "$returned" ] && [ -n "$began" ] && [ "$active_at" -ge "$returned" ]; then
  pass "1 startup: activating for $(took "$began" "$returned") while Server#start ran, active $(took "$returned" "$active_at") after it returned"
else
  fail "1 startup: active at ${active_at:-never}, returned at ${returned:-never}, early=${startup_early:-no}"; tail -n 20 "$log"
fi

# 2. a healthy service stays active through at least 5 watchdog periods (2 s each).
if [ -n "${first_active[e2e-healthy.service]:-}" ] && [ -z "${unhealthy_seen[e2e-healthy.service]:-}" ] && stays_healthy e2e-healthy 1; then
  pass "2 healthy: active with NRestarts=0 for $(took "${first_active[e2e-healthy.service]}" "$(e2e_now_us)") (watchdog period 2 s)"
else
  fail "2 healthy: ${unhealthy_seen[e2e-healthy.service]:-never active}"; tail -n 20 "$LOGS/e2e-healthy.log"
fi

# 7. systemctl status shows the agent's STATUS= text.
status=$(e2e_ctl status --no-pager e2e-healthy 2>&1)
if echo "$status" | grep -q 'Status: "healthy: com.example.testapp.WorkLoop#tick'; then
  pass "7 status: $(echo "$status" | grep 'Status:' | sed 's/^ *//')"
  echo "$status" | sed -n '1,9p' | sed 's/^/  | /'
else
  fail "7 status"; echo "$status"
fi

# 3. a hang inside the loop method: pings stop, systemd restarts the service, the report is in its output.
log=$LOGS/e2e-hang.log
fault=$(e2e_event_us "$log" fault=hang)
restart_at=${first_restart[e2e-hang.service]:-}
if [ -n "$restart_at" ] && grep -q "progress point com.example.testapp.WorkLoop#tick is stuck" "$log" \
    && grep -q "<-- progress point" "$log"; then
  pass "3 hang: restarted $(took "$fault" "$restart_at") after the hang (stall 3 s + up to a check, then WatchdogSec 2 s), report in the unit's output"
else
  fail "3 hang: restart ${restart_at:-never}"; tail -n 30 "$log"
fi

# 4. a deadlock with on-unhealthy=trigger: restarted long before WatchdogSec=30s would expire.
log=$LOGS/e2e-deadlock.log
fault=$(e2e_event_us "$log" fault=lock-deadlock)
restart_at=${first_restart[e2e-deadlock.service]:-}
if [ -n "$restart_at" ] && [ $((restart_at - fault)) -lt 15000000 ] \
    && grep -q "deadlock: 2 threads wait for each other forever" "$log"; then
  pass "4 deadlock+trigger: restarted $(took "$fault" "$restart_at") after the deadlock, with WatchdogSec=30s"
else
  fail "4 deadlock+trigger: restart ${restart_at:-never}, fault ${fault:-never}"; tail -n 30 "$log"
fi

# 5. a crash (exit status 3): restarted by Restart=on-failure.
log=$LOGS/e2e-crash.log
fault=$(e2e_event_us "$log" fault=exit)
restart_at=${first_restart[e2e-crash.service]:-}
if [ -n "$restart_at" ] && [ -n "$fault" ]; then
  pass "5 crash: exit status 3 restarted $(took "$fault" "$restart_at") later (RestartSec=1s)"
else
  fail "5 crash"; tail -n 20 "$log"
fi

# 8. the JAVA_TOOL_OPTIONS drop-in on an unmodified ExecStart behaves as case 2.
exec_start=$(e2e_prop e2e-dropin ExecStart)
if [ -n "${first_active[e2e-dropin.service]:-}" ] && [ -z "${unhealthy_seen[e2e-dropin.service]:-}" ] \
    && stays_healthy e2e-dropin 1 && [ "$(e2e_prop e2e-dropin Type)" = notify ] \
    && ! echo "$exec_start" | grep -q javaagent && e2e_prop e2e-dropin StatusText | grep -q '^healthy'; then
  pass "8 drop-in: Type=notify via JAVA_TOOL_OPTIONS, ExecStart untouched, active and healthy for $(took "${first_active[e2e-dropin.service]}" "$(e2e_now_us)")"
else
  fail "8 drop-in: ${unhealthy_seen[e2e-dropin.service]:-} $(e2e_prop e2e-dropin StatusText)"; tail -n 20 "$LOGS/e2e-dropin.log"
fi

# 10. a hardened unit: PrivateTmp=yes, ProtectSystem=strict, ProtectHome=yes.
if [ -n "${first_active[e2e-hardened.service]:-}" ] && [ -z "${unhealthy_seen[e2e-hardened.service]:-}" ] \
    && stays_healthy e2e-hardened 1 && e2e_prop e2e-hardened StatusText | grep -q '^healthy'; then
  pass "10 hardened: PrivateTmp=yes, ProtectSystem=strict, ProtectHome=yes: active and healthy"
else
  fail "10 hardened: ${unhealthy_seen[e2e-hardened.service]:-} $(e2e_prop e2e-hardened StatusText)"; tail -n 20 "$LOGS/e2e-hardened.log"
fi

# 9. daemon-reexec during a healthy run causes no restart.
if [ -z "${unhealthy_seen[e2e-reexec.service]:-}" ] && stays_healthy e2e-reexec 1; then
  pid_before=$(e2e_prop e2e-reexec MainPID)
  e2e_ctl daemon-reexec
  wait_until 30 '[ -n "$(e2e_prop e2e-reexec ActiveState 2>/dev/null)" ]'
  if stays_healthy e2e-reexec 10 && [ "$(e2e_prop e2e-reexec MainPID)" = "$pid_before" ]; then
    pass "9 daemon-reexec: same main PID, active, NRestarts=0 for 5 watchdog periods after it"
  else
    fail "9 daemon-reexec"; tail -n 20 "$LOGS/e2e-reexec.log"
  fi
else
  fail "9 daemon-reexec: unit never healthy"
fi

# 6. systemctl stop: a clean exit, STOPPING=1 received by systemd, no restart. test-app drains for 2 s
# in its own shutdown hook; meanwhile systemd shows the STATUS=stopping that came with STOPPING=1.
e2e_ctl stop --no-block e2e-healthy
saw_stopping=
stop_deadline=$((SECONDS + 30))
while [ $SECONDS -lt $stop_deadline ]; do
  [ "$(e2e_prop e2e-healthy StatusText)" = stopping ] && saw_stopping=yes
  [ "$(e2e_prop e2e-healthy ActiveState)" = inactive ] && break
  sleep 0.1
done
if [ -n "$saw_stopping" ] && [ "$(e2e_prop e2e-healthy ActiveState)" = inactive ] \
    && [ "$(e2e_prop e2e-healthy Result)" = success ] && [ "$(e2e_prop e2e-healthy NRestarts)" = 0 ] \
    && grep -q "test-app: shutdown" "$LOGS/e2e-healthy.log"; then
  pass "6 stop: systemd showed STATUS=stopping from the STOPPING=1 datagram, then Result=success, inactive, NRestarts=0"
else
  fail "6 stop: saw STOPPING=${saw_stopping:-no} $(e2e_prop e2e-healthy ActiveState) $(e2e_prop e2e-healthy Result) NRestarts=$(e2e_prop e2e-healthy NRestarts)"
  tail -n 5 "$LOGS/e2e-healthy.log"
fi

echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
