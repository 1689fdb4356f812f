#!/usr/bin/env bash
# End to end under a real systemd: boots systemd 252 as PID 1 of a private namespace, installs the
# project's own unit files (systemd/units) with the build's paths, and checks each claim with systemctl
# and with systemd's own log. Shorter timeouts come from drop-ins written here, so the units themselves
# are the ones users copy.
#
#   bash systemd/e2e/run.sh [AGENT_JAR [TEST_APP_JAR]]
#
# Root. JAVA_HOME picks the JDK (else `java` on PATH). The jars default to the build's
# (agent/target/sd-watchdog-agent.jar, test-app/target/test-app.jar): mvn -DskipTests package first.
# Where it cannot run (not root, no unshare, no /usr/bin/systemd) it says so and skips, unless CI=true
# or E2E_REQUIRED=1 (or true): then that is a failure. E2E_KEEP=1 keeps the work directory (unit files,
# each unit's output, systemd's log).
set -uo pipefail
if [ $# -ge 1 ]; then E2E_AGENT_JAR=$(readlink -f "$1"); fi
if [ $# -ge 2 ]; then E2E_TEST_APP_JAR=$(readlink -f "$2"); fi
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

required() {
  [ "${CI:-}" = true ] && return 0
  case "${E2E_REQUIRED:-}" in 1|true|yes) return 0 ;; *) return 1 ;; esac
}

if ! e2e_can_run; then
  if required; then
    echo "e2e: FAILED: the end-to-end harness cannot run here ($E2E_WHY_NOT), and this run requires it (CI=${CI:-} E2E_REQUIRED=${E2E_REQUIRED:-})"
    echo "e2e: 0 passed, 1 failed"
    exit 1
  fi
  echo "####################################################################"
  echo "# SKIPPED: end-to-end harness under systemd: $E2E_WHY_NOT"
  echo "####################################################################"
  exit 0
fi
JAVA=$(e2e_java)
if [ -z "$JAVA" ] || [ ! -x "$JAVA" ]; then
  echo "e2e: FAILED: no java (JAVA_HOME=${JAVA_HOME:-unset}, none on PATH)"; echo "e2e: 0 passed, 1 failed"; exit 1
fi
for jar in "$E2E_AGENT_JAR" "$E2E_TEST_APP_JAR"; do
  if [ ! -f "$jar" ]; then
    echo "e2e: FAILED: $jar is missing; build first: mvn -DskipTests package"; echo "e2e: 0 passed, 1 failed"; exit 1
  fi
done

mkdir -p "$E2E_ROOT/target"
WORK=$(mktemp -d "$E2E_ROOT/target/e2e.XXXXXX")
UNITS=$WORK/units
LOGS=$WORK/logs
mkdir -p "$UNITS" "$LOGS"
cleanup() {
  e2e_shutdown
  if [ -n "${E2E_KEEP:-}" ]; then echo "e2e: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

passed=0
failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
took() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", (b - a) / 1e6 }'; }
show_log() { tail -n "${2:-25}" "$1" 2>/dev/null | sed 's/^/  > /'; }

# systemd's own log is there when the namespace runs on a pseudo-terminal (util-linux script).
have_syslog() { tr -d '\r' < "$E2E_SYSTEMD_LOG" 2>/dev/null | grep -q 'running in system mode'; }
# Checks systemd logged a line about UNIT matching PATTERN; without systemd's log, says so and passes.
syslog_has() { # UNIT PATTERN
  if ! have_syslog; then echo "  (systemd's log is unavailable here, not checked: $1: $2)"; return 0; fi
  e2e_syslog "$1" "$2" > /dev/null
}
syslog_line() { # UNIT PATTERN: the first such line, for the PASS message
  if have_syslog; then e2e_syslog "$1" "$2" | head -n 1; else echo "(its log is unavailable)"; fi
}

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

# A wrapper script in front of the JVM, as many services have: with `exec`, without it (as WildFly's
# standalone.sh), or running a short helper JVM first and then exec'ing the server (as Keycloak's kc.sh).
wrapper() { # NAME exec|noexec|helper NOTIFY_ACCESS [APP_ARGS]
  local script=$WORK/$1.sh
  local java="'$JAVA' '-javaagent:$E2E_INSTALLED/sd-watchdog-agent.jar=$OPTIONS,stall=3s'"
  {
    echo '#!/bin/sh'
    echo "# A wrapper script that sets things up, then starts the JVM ($2)."
    echo 'cd /'
    case $2 in
      exec) echo "exec $java -jar '$E2E_INSTALLED/test-app.jar' ${4:-}" ;;
      noexec) echo "$java -jar '$E2E_INSTALLED/test-app.jar' ${4:-}"
              echo 'echo "wrapper: java exited with status $?"' ;;
      helper) echo "$java -cp '$E2E_INSTALLED/test-app.jar' com.example.testapp.Hello 2>&1 | sed 's/^/helper: /'"
              echo "exec $java -jar '$E2E_INSTALLED/test-app.jar' ${4:-}" ;;
    esac
  } > "$script"
  chmod +x "$script"
  unit "$1" 2s "$OPTIONS,stall=3s" "" "NotifyAccess=$3
ExecStart=
ExecStart=$script"
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

# The units. Watchdog periods are short so each claim is shown in seconds; they start in waves and run side by side.
unit e2e-startup 2s "$OPTIONS,stall=3s" "--startup=3s"
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
wrapper e2e-wrapper-exec exec main
wrapper e2e-wrapper-noexec noexec main
wrapper e2e-wrapper-noexec-all noexec all "--fault=hang --fault-after=6s"
wrapper e2e-wrapper-helper helper all
unit e2e-badopts 2s "$OPTIONS,stall=banana" ""
# Startup under a short TimeoutStartSec=: one that works for 20 s is extended (EXTEND_TIMEOUT_USEC=) and becomes
# active (10 s: room for a wave of JVMs launched together on two cores to reach the agent's first extension); one that
# hangs after 3 s stops being extended after startup-stall=5s and is stopped by systemd.
unit e2e-slow-start 2s "$OPTIONS,stall=3s,startup-stall=5s" "--startup-work=20s" "TimeoutStartSec=10s"
unit e2e-start-hang 2s "$OPTIONS,stall=3s,startup-stall=5s" "--startup-hang-after=3s" "TimeoutStartSec=5s"
# 10,000 threads parked 30 frames deep, the loop point idle: a stack read of them all once took seconds.
unit e2e-many-threads 2s "$OPTIONS,stall=3s" "--idle-threads=10000 --idle-depth=30 --fault=idle --fault-after=3s"
# A plain supervisor: Type=simple (no notify socket, no WatchdogSec), Restart=on-failure, on-unhealthy=exit.
unit e2e-exit 0 "$OPTIONS,stall=3s,on-unhealthy=exit" "--fault=hang --fault-after=3s" "Type=simple"
# The hardened example unit as it is (systemd/units/sd-watchdog-test-app-hardened.service: DynamicUser=, a read-only
# system, NoExecPaths=/, a system call filter, ...), its main loop hanging 10 s after each start. WatchdogSec=4s,
# twice the others': its first start unpacks JNA's library afresh, and on a loaded machine READY to the first ping
# has been seen to take over 2 s.
e2e_install_unit "$E2E_ROOT/systemd/units/sd-watchdog-test-app-hardened.service" "$UNITS/e2e-sandboxed.service"
drop_in e2e-sandboxed 4s "Environment=SD_WATCHDOG_OPTIONS=$OPTIONS,stall=3s
Environment=\"TEST_APP_ARGS=--fault=hang --fault-after=10s\""
JAVA_FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
VIRTUAL_UNITS=
if [ "${JAVA_FEATURE:-0}" -ge 21 ]; then
  unit e2e-virtual-hang 2s "$OPTIONS,stall=3s" "--virtual-loop --fault=hang --fault-after=3s"
  VIRTUAL_UNITS=e2e-virtual-hang
fi
# The drop-in form with NotifyAccess=all, and a service that starts a child JVM (which runs the ready
# method and exits) and jcmd: with the inherited environment each of them once sent READY=1, STATUS= and,
# on exit, STOPPING=1, which stopped a healthy service.
e2e_install_unit "$E2E_ROOT/systemd/units/java-service.service" "$UNITS/e2e-children.service"
mkdir -p "$UNITS/e2e-children.service.d"
e2e_install_unit "$E2E_ROOT/systemd/units/java-service.service.d/sd-watchdog.conf" "$UNITS/e2e-children.service.d/sd-watchdog.conf"
drop_in e2e-children 2s "ExecStart=
ExecStart=$JAVA -jar $E2E_INSTALLED/test-app.jar --spawn-children=2s"
printf '[Service]\nWatchdogSec=2s\nNotifyAccess=all\n' > "$UNITS/e2e-children.service.d/zz-e2e-watchdog.conf"

echo "e2e: $JAVA ($("$JAVA" -version 2>&1 | head -n 1))"
echo "e2e: agent $E2E_AGENT_JAR, test-app $E2E_TEST_APP_JAR"
e2e_boot "$WORK" "$UNITS" || { echo "e2e: 0 passed, 1 failed"; exit 1; }
echo "e2e: $(e2e_ctl --version | head -n 1) is PID 1 of a private namespace (host PID $E2E_SD_PID)$(have_syslog || echo '; its own log is unavailable (no util-linux script)')"

# Started in waves: twenty JVMs booting at once on two cores starved each other (JDK 25 most), and a service
# that had just sent READY could not finish its first check within WatchdogSec=2s. Each wave starts once every
# unit of the one before has left "activating" once, or after WAVE_MAX_S; the slow starts go last.
WAVES=("e2e-startup e2e-healthy e2e-hang e2e-deadlock e2e-crash e2e-badopts"
       "e2e-sandboxed e2e-reexec e2e-hardened e2e-dropin e2e-exit $VIRTUAL_UNITS"
       "e2e-wrapper-exec e2e-wrapper-noexec e2e-wrapper-noexec-all e2e-wrapper-helper e2e-children"
       "e2e-many-threads e2e-slow-start e2e-start-hang")
WAVE_MAX_S=20
WATCHED="${WAVES[*]}"
t0=$(e2e_now_us)
wave=0
start_wave() {
  wave_started=$SECONDS
  # shellcheck disable=SC2086
  e2e_ctl start --no-block ${WAVES[$wave]}
}
start_wave
declare -A left_activating

# Phase 1: one loop watches every unit at once, so each first restart and state change is timed as it
# happens. Each poll is one systemctl call: "unit state restarts" per line.
poll() { # systemctl show prints each unit's properties in its own order, with a blank line between units
  # shellcheck disable=SC2086
  e2e_ctl show -p Id -p ActiveState -p NRestarts $WATCHED \
    | awk -F= '$1=="Id"{id=$2} $1=="ActiveState"{st=$2} $1=="NRestarts"{n=$2} /^$/{print id, st, n} END{print id, st, n}'
}
declare -A first_restart first_active first_failed unhealthy_seen
startup_early=
activating_in_start=
slow_status=
HEALTHY_UNITS="e2e-healthy.service e2e-reexec.service e2e-hardened.service e2e-dropin.service e2e-wrapper-exec.service e2e-wrapper-helper.service e2e-many-threads.service e2e-children.service"
HEALTHY_FOR_US=12000000 # 6 watchdog periods of 2 s
MANY_THREADS_FOR_US=20000000
RESTARTED_UNITS="e2e-sandboxed.service e2e-hang.service e2e-deadlock.service e2e-crash.service e2e-exit.service e2e-start-hang.service e2e-wrapper-noexec-all.service${VIRTUAL_UNITS:+ $VIRTUAL_UNITS.service}"
declare -A main_pid_when_active
deadline=$((SECONDS + 240))
while [ $SECONDS -lt $deadline ]; do
  states=$(poll)
  now=$(e2e_now_us) # after the poll: a state seen in it was reached by now
  while read -r id state restarts; do
    if [ "$id" = e2e-startup.service ] && [ -z "${first_active[$id]:-}" ]; then
      # Read after systemd answered: a line missing now was missing when systemd gave that state.
      returned=$(e2e_event_us "$LOGS/e2e-startup.log" startup-returns)
      if [ "$state" = activating ] && [ -z "$returned" ] && [ -n "$(e2e_event_us "$LOGS/e2e-startup.log" startup-begins)" ]; then
        activating_in_start=yes
      fi
      if [ "$state" = active ] && [ -z "$returned" ]; then startup_early=yes; fi
    fi
    if [ "$id" = e2e-slow-start.service ] && [ "$state" = activating ] && [ -z "$slow_status" ]; then
      slow_status=$(e2e_prop e2e-slow-start StatusText | grep -E 'entered ([6-9]|[1-9][0-9]) s ago')
    fi
    if [ "$state" = active ] && [ -z "${first_active[$id]:-}" ]; then
      first_active[$id]=$now
      main_pid_when_active[$id]=$(e2e_prop "${id%.service}" MainPID)
    fi
    if [ "$state" != activating ] && [ "$state" != inactive ]; then left_activating[$id]=1; fi
    if [ "${restarts:-0}" -ge 1 ] && [ -z "${first_restart[$id]:-}" ]; then first_restart[$id]=$now; fi
    if [ "$state" = failed ] && [ -z "${first_failed[$id]:-}" ]; then first_failed[$id]=$now; fi
    case " $HEALTHY_UNITS " in
      *" $id "*) if [ -n "${first_active[$id]:-}" ] && { [ "$state" != active ] || [ "$restarts" != 0 ]; }; then
                   unhealthy_seen[$id]="ActiveState=$state NRestarts=$restarts"; fi ;;
    esac
  done <<< "$states"
  if [ $((wave + 1)) -lt ${#WAVES[@]} ]; then
    wave_up=1
    for unit in ${WAVES[$wave]}; do [ -n "${left_activating[$unit.service]:-}" ] || wave_up=0; done
    if [ "$wave_up" = 1 ] || [ $((SECONDS - wave_started)) -ge $WAVE_MAX_S ]; then wave=$((wave + 1)); start_wave; fi
  fi
  done_restarts=1
  for id in $RESTARTED_UNITS; do
    [ -n "${first_restart[$id]:-}" ] || done_restarts=0
  done
  healthy_long_enough=1
  for id in $HEALTHY_UNITS; do
    active_since=${first_active[$id]:-}
    if [ -z "$active_since" ] || [ $((now - active_since)) -lt $HEALTHY_FOR_US ]; then healthy_long_enough=0; fi
  done
  # 20 s from when its 10,000 threads are up (the fault=idle line follows them), which takes a while on a busy machine
  many_since=$(e2e_event_us "$LOGS/e2e-many-threads.log" fault=idle)
  if [ -z "${first_active[e2e-many-threads.service]:-}" ] || [ -z "$many_since" ] \
      || [ $((now - many_since)) -lt $MANY_THREADS_FOR_US ]; then healthy_long_enough=0; fi
  [ "$done_restarts" = 1 ] && [ "$healthy_long_enough" = 1 ] && [ -n "${first_active[e2e-startup.service]:-}" ] \
    && [ -n "${first_active[e2e-slow-start.service]:-}" ] \
    && [ -n "${first_failed[e2e-badopts.service]:-}" ] && break
  sleep 0.2
done
echo "e2e: phase 1 (all units, in ${#WAVES[@]} waves) took $(took "$t0" "$(e2e_now_us)")"

# 1. activating until the startup method has returned, then active.
log=$LOGS/e2e-startup.log
began=$(e2e_event_us "$log" startup-begins)
returned=$(e2e_event_us "$log" startup-returns)
active_at=${first_active[e2e-startup.service]:-}
if [ -n "$active_at" ] && [ -n "$activating_in_start" ] && [ -z "$startup_early" ] && [ -n "$returned" ] \
    && [ -n "$began" ] && [ "$active_at" -ge "$returned" ]; then
  pass "1 startup: activating while Server#start ran ($(took "$began" "$returned"), --startup=3s), active at most $(took "$returned" "$active_at") after it returned"
else
  fail "1 startup: seen activating during start=${activating_in_start:-no}, active before the return=${startup_early:-no}, active at ${active_at:-never}, returned at ${returned:-never}"
  show_log "$log"
fi

# 2. a healthy service stays active through at least 5 watchdog periods (2 s each).
if [ -n "${first_active[e2e-healthy.service]:-}" ] && [ -z "${unhealthy_seen[e2e-healthy.service]:-}" ] && stays_healthy e2e-healthy 1; then
  pass "2 healthy: active with NRestarts=0 for $(took "${first_active[e2e-healthy.service]}" "$(e2e_now_us)") (WatchdogSec=2s: $((HEALTHY_FOR_US / 2000000))+ periods)"
else
  fail "2 healthy: ${unhealthy_seen[e2e-healthy.service]:-never active}"; show_log "$LOGS/e2e-healthy.log"
fi

# 7. systemctl status shows the agent's STATUS= text.
status=$(e2e_ctl status --no-pager e2e-healthy 2>&1)
if echo "$status" | grep -q 'Status: "healthy: com.example.testapp.WorkLoop#tick'; then
  pass "7 status: systemctl status shows $(echo "$status" | grep 'Status:' | sed 's/^ *//')"
  echo "  systemctl status e2e-healthy:"
  echo "$status" | sed -n '1,/CGroup:/p' | sed 's/^/  | /'
else
  fail "7 status"; echo "$status" | sed 's/^/  > /'
fi

# 3. a hang inside the loop method: pings stop, systemd restarts the service, the report is in its output.
log=$LOGS/e2e-hang.log
fault=$(e2e_event_us "$log" fault=hang)
restart_at=${first_restart[e2e-hang.service]:-}
if [ -n "$restart_at" ] && [ -n "$fault" ] && grep -q "progress point com.example.testapp.WorkLoop#tick is stuck" "$log" \
    && grep -q "<-- progress point" "$log" && syslog_has e2e-hang 'Watchdog timeout' \
    && syslog_has e2e-hang "Failed with result 'watchdog'"; then
  pass "3 hang: restarted $(took "$fault" "$restart_at") after the hang (stall=3s + up to a check, WatchdogSec=2s, RestartSec=1s); report in the unit's output; systemd: \"$(syslog_line e2e-hang 'Watchdog timeout')\""
else
  fail "3 hang: restart ${restart_at:-never}, fault ${fault:-never}"; show_log "$log" 30; e2e_syslog e2e-hang | tail -n 10
fi

# 4. a deadlock with on-unhealthy=trigger: restarted long before WatchdogSec=30s would expire.
log=$LOGS/e2e-deadlock.log
fault=$(e2e_event_us "$log" fault=lock-deadlock)
restart_at=${first_restart[e2e-deadlock.service]:-}
if [ -n "$restart_at" ] && [ -n "$fault" ] && [ $((restart_at - fault)) -lt 15000000 ] \
    && grep -q "deadlock: 2 threads wait for each other forever" "$log" && syslog_has e2e-deadlock 'Watchdog request' \
    && syslog_has e2e-deadlock "Failed with result 'watchdog'"; then
  pass "4 deadlock+trigger: restarted $(took "$fault" "$restart_at") after the deadlock (deadlock-check=1s + RestartSec=1s; limit 15 s; WatchdogSec=30s); systemd: \"$(syslog_line e2e-deadlock 'Watchdog request')\""
else
  fail "4 deadlock+trigger: restart ${restart_at:-never}, fault ${fault:-never}"; show_log "$log" 30; e2e_syslog e2e-deadlock | tail -n 10
fi

# 5. a crash (exit status 3): restarted by Restart=on-failure.
log=$LOGS/e2e-crash.log
fault=$(e2e_event_us "$log" fault=exit)
restart_at=${first_restart[e2e-crash.service]:-}
if [ -n "$restart_at" ] && [ -n "$fault" ] && syslog_has e2e-crash 'Main process exited, code=exited, status=3/' \
    && syslog_has e2e-crash "Failed with result 'exit-code'"; then
  pass "5 crash: exit status 3 restarted $(took "$fault" "$restart_at") later (RestartSec=1s); systemd: \"$(syslog_line e2e-crash 'Main process exited')\""
else
  fail "5 crash: restart ${restart_at:-never}, fault ${fault:-never}"; show_log "$log"; e2e_syslog e2e-crash | tail -n 10
fi

# 17. a startup that keeps working for 20 s survives TimeoutStartSec=10s: the agent extends it while it progresses.
log=$LOGS/e2e-slow-start.log
began=$(e2e_event_us "$log" startup-begins)
returned=$(e2e_event_us "$log" startup-returns)
active_at=${first_active[e2e-slow-start.service]:-}
if [ -n "$active_at" ] && [ -z "${first_restart[e2e-slow-start.service]:-}" ] && [ -n "$began" ] && [ -n "$returned" ] \
    && [ $((returned - began)) -ge 19000000 ] && [ "$(e2e_prop e2e-slow-start NRestarts)" = 0 ] && [ -n "$slow_status" ]; then
  pass "17 extend: a startup that worked for $(took "$began" "$returned") became active under TimeoutStartSec=10s, NRestarts=0; while starting: Status: \"$slow_status\""
else
  fail "17 extend: active ${active_at:-never}, restarted ${first_restart[e2e-slow-start.service]:-no}, began ${began:-?} returned ${returned:-never}, status seen: ${slow_status:-none}"
  show_log "$log"; e2e_syslog e2e-slow-start | tail -n 10
fi

# 18. a startup that hangs after 3 s is stopped by TimeoutStartSec= within startup-stall (5 s) + 5 s of the hang.
log=$LOGS/e2e-start-hang.log
hung=$(e2e_event_us "$log" startup-hangs)
# SIGTERM from systemd as the start timeout expired, in the run that hung (a run slow to boot may time out before it hangs)
stopped=$([ -n "$hung" ] && e2e_event_us_after "$log" shutdown "$hung")
if [ -n "$hung" ] && [ -n "$stopped" ] && [ $((stopped - hung)) -le 10000000 ] && [ -z "${first_active[e2e-start-hang.service]:-}" ] \
    && grep -q "startup has shown no progress for" "$log" && syslog_has e2e-start-hang "Failed with result 'timeout'"; then
  pass "18 hung startup: stopped $(took "$hung" "$stopped") after it hung (startup-stall=5s + at most 5 s), never active; systemd: \"$(syslog_line e2e-start-hang 'start operation timed out')\""
else
  fail "18 hung startup: hung ${hung:-never}, stopped ${stopped:-never}, active ${first_active[e2e-start-hang.service]:-never}"
  show_log "$log"; e2e_syslog e2e-start-hang | tail -n 10
fi

# 8. the JAVA_TOOL_OPTIONS drop-in on an unmodified ExecStart behaves as case 2.
exec_start=$(e2e_prop e2e-dropin ExecStart)
if [ -n "${first_active[e2e-dropin.service]:-}" ] && [ -z "${unhealthy_seen[e2e-dropin.service]:-}" ] \
    && stays_healthy e2e-dropin 1 && [ "$(e2e_prop e2e-dropin Type)" = notify ] \
    && ! echo "$exec_start" | grep -q javaagent && e2e_prop e2e-dropin StatusText | grep -q '^healthy' \
    && grep -q "Picked up JAVA_TOOL_OPTIONS: -javaagent:" "$LOGS/e2e-dropin.log"; then
  pass "8 drop-in: Type=notify via JAVA_TOOL_OPTIONS, ExecStart untouched ($(echo "$exec_start" | sed -n 's/.*argv\[\]=\([^;]*\);.*/\1/p' | sed 's/ *$//')), active with NRestarts=0 for $(took "${first_active[e2e-dropin.service]}" "$(e2e_now_us)")"
else
  fail "8 drop-in: ${unhealthy_seen[e2e-dropin.service]:-} $(e2e_prop e2e-dropin StatusText)"; show_log "$LOGS/e2e-dropin.log"
fi

# 10. a hardened unit: PrivateTmp=yes, ProtectSystem=strict, ProtectHome=yes.
if [ -n "${first_active[e2e-hardened.service]:-}" ] && [ -z "${unhealthy_seen[e2e-hardened.service]:-}" ] \
    && stays_healthy e2e-hardened 1 && e2e_prop e2e-hardened StatusText | grep -q '^healthy'; then
  pass "10 hardened: PrivateTmp=yes, ProtectSystem=strict, ProtectHome=yes, NoNewPrivileges=yes: active with NRestarts=0 for $(took "${first_active[e2e-hardened.service]}" "$(e2e_now_us)")"
else
  fail "10 hardened: ${unhealthy_seen[e2e-hardened.service]:-} $(e2e_prop e2e-hardened StatusText)"; show_log "$LOGS/e2e-hardened.log"
fi

# 11. the exec rule (systemd/README.md): a wrapper script that execs java works. One that does not leaves the JVM
# a child of the shell (WATCHDOG_PID names the shell): the agent stays silent until READY, then claims the unit
# with MAINPID=; systemd takes that with NotifyAccess=all (the unit becomes active with the JVM as its main
# process, and a hang is restarted), and drops it with NotifyAccess=main (the unit stays activating). A launcher
# that runs a short helper JVM before it execs the server (kc.sh) starts cleanly: the helper says nothing above info.
noexec_state=$(e2e_prop e2e-wrapper-noexec ActiveState)
all_main=${main_pid_when_active[e2e-wrapper-noexec-all.service]:-}
log=$LOGS/e2e-wrapper-noexec-all.log
fault=$(e2e_event_us "$log" fault=hang)
restart_at=${first_restart[e2e-wrapper-noexec-all.service]:-}
if [ -n "${first_active[e2e-wrapper-exec.service]:-}" ] && [ -z "${unhealthy_seen[e2e-wrapper-exec.service]:-}" ] \
    && stays_healthy e2e-wrapper-exec 1 && e2e_prop e2e-wrapper-exec StatusText | grep -q '^healthy' \
    && [ "$noexec_state" = activating ] && grep -q "without exec: it stays silent until" "$LOGS/e2e-wrapper-noexec.log" \
    && [ -n "${first_active[e2e-wrapper-noexec-all.service]:-}" ] && [ -n "$all_main" ] \
    && grep -q "sent MAINPID=$all_main READY=1" "$log" && [ -n "$restart_at" ] && [ -n "$fault" ] \
    && syslog_has e2e-wrapper-noexec-all "Failed with result 'watchdog'" \
    && [ -n "${first_active[e2e-wrapper-helper.service]:-}" ] && [ -z "${unhealthy_seen[e2e-wrapper-helper.service]:-}" ] \
    && grep -q "helper: hello" "$LOGS/e2e-wrapper-helper.log" && ! grep -q "helper: <[0-5]>" "$LOGS/e2e-wrapper-helper.log"; then
  pass "11 launchers: exec java: active and healthy; without exec, NotifyAccess=all: active with the JVM as main PID ($all_main, as it claimed), a hang restarted $(took "$fault" "$restart_at") after it; without exec, NotifyAccess=main: still $noexec_state; a helper JVM before exec: active, the helper said nothing above info"
else
  fail "11 launchers: exec: ${unhealthy_seen[e2e-wrapper-exec.service]:-} $(e2e_prop e2e-wrapper-exec ActiveState); noexec/main: $noexec_state; noexec/all: active ${first_active[e2e-wrapper-noexec-all.service]:-never}, MainPID ${all_main:-?}, restart ${restart_at:-never}; helper: ${first_active[e2e-wrapper-helper.service]:-never active} ${unhealthy_seen[e2e-wrapper-helper.service]:-}"
  show_log "$LOGS/e2e-wrapper-noexec.log" 5; show_log "$log" 15; show_log "$LOGS/e2e-wrapper-helper.log" 10
fi
# 12. bad agent options: the JVM exits with 78 and RestartPreventExitStatus=78 keeps systemd from
# restarting it (a typo is not fixed by retrying).
shown=$(e2e_ctl show -p ActiveState -p Result -p NRestarts -p ExecMainStatus e2e-badopts | paste -sd' ')
if [ -n "${first_failed[e2e-badopts.service]:-}" ] && echo " $shown " | grep -q ' ActiveState=failed ' \
    && echo " $shown " | grep -q ' NRestarts=0 ' && echo " $shown " | grep -q ' ExecMainStatus=78 ' \
    && grep -q "option 'stall' in the agent arguments: 'banana' is not a duration" "$LOGS/e2e-badopts.log" \
    && ! e2e_syslog e2e-badopts 'Scheduled restart job' > /dev/null; then
  pass "12 bad options: exit status 78, not restarted ($shown); the agent said: $(grep -m 1 "option 'stall'" "$LOGS/e2e-badopts.log" | cut -c1-90)..."
else
  fail "12 bad options: $shown"; show_log "$LOGS/e2e-badopts.log" 5
fi

# 15. on-unhealthy=exit under a plain supervisor (Type=simple, Restart=on-failure): the hang becomes exit 70.
log=$LOGS/e2e-exit.log
fault=$(e2e_event_us "$log" fault=hang)
restart_at=${first_restart[e2e-exit.service]:-}
if [ -n "$restart_at" ] && [ -n "$fault" ] && [ "$(e2e_prop e2e-exit Type)" = simple ] \
    && grep -q "progress point com.example.testapp.WorkLoop#tick is stuck" "$log" \
    && grep -q "halting the JVM with exit status 70" "$log" \
    && syslog_has e2e-exit 'Main process exited, code=exited, status=70/'; then
  pass "15 on-unhealthy=exit: Type=simple, no notify socket: exit 70 and restarted $(took "$fault" "$restart_at") after the hang (stall=3s + check + 1 s confirmation + RestartSec=1s)"
else
  fail "15 on-unhealthy=exit: restart ${restart_at:-never}, fault ${fault:-never}, Type=$(e2e_prop e2e-exit Type)"; show_log "$log" 20
fi

# 13. 10,000 idle threads 30 frames deep at WatchdogSec=2s: active, NRestarts=0, for 20 s and more.
log=$LOGS/e2e-many-threads.log
if [ -n "${first_active[e2e-many-threads.service]:-}" ] && [ -z "${unhealthy_seen[e2e-many-threads.service]:-}" ] \
    && stays_healthy e2e-many-threads 1 && grep -q "idle-threads=10000 depth=30" "$log" && grep -q "fault=idle" "$log" \
    && e2e_prop e2e-many-threads StatusText | grep -q '^healthy'; then
  pass "13 10,000 deep threads: the loop point idle, active with NRestarts=0 for $(took "${first_active[e2e-many-threads.service]}" "$(e2e_now_us)") at WatchdogSec=2s"
else
  fail "13 10,000 deep threads: active ${first_active[e2e-many-threads.service]:-never} ${unhealthy_seen[e2e-many-threads.service]:-}, threads up at $(e2e_event_us "$log" fault=idle); $(e2e_prop e2e-many-threads StatusText)"; show_log "$log"
fi

# 14. a hang inside the progress point in a virtual thread (JDK 21+): restarted, the virtual thread's stack reported.
if [ -n "$VIRTUAL_UNITS" ]; then
  log=$LOGS/e2e-virtual-hang.log
  fault=$(e2e_event_us "$log" fault=hang)
  restart_at=${first_restart[e2e-virtual-hang.service]:-}
  if [ -n "$restart_at" ] && [ -n "$fault" ] && grep -q "virtual thread \"work-loop\"" "$log" \
      && grep -q "<-- progress point" "$log" && syslog_has e2e-virtual-hang "Failed with result 'watchdog'"; then
    pass "14 virtual-thread hang: restarted $(took "$fault" "$restart_at") after the hang; report shows virtual thread \"work-loop\" and its frames"
  else
    fail "14 virtual-thread hang: restart ${restart_at:-never}, fault ${fault:-never}"; show_log "$log" 30
  fi
else
  echo "e2e: 14 virtual-thread hang: not run on JDK ${JAVA_FEATURE:-?} (virtual threads need 21+)"
fi

# 16. children under NotifyAccess=all: a child JVM and jcmd, with the agent through JAVA_TOOL_OPTIONS and
# the inherited environment, find no NOTIFY_SOCKET, send nothing, and the service stays active.
log=$LOGS/e2e-children.log
if [ -n "${first_active[e2e-children.service]:-}" ] && [ -z "${unhealthy_seen[e2e-children.service]:-}" ] \
    && grep -q "test-app: children-done" "$log" && stays_healthy e2e-children 4 \
    && grep -q "child\[child-jvm\]: test-app: startup-returns" "$log" \
    && grep -q "child\[child-jvm\]: <6>sd-watchdog: NOTIFY_SOCKET is not set" "$log" \
    && grep -q "child\[jcmd\]: <6>sd-watchdog: NOTIFY_SOCKET is not set" "$log" \
    && grep -q "child\[env-untouched\]: NOTIFY_SOCKET=unset WATCHDOG_USEC=unset WATCHDOG_PID=unset" "$log" \
    && e2e_prop e2e-children StatusText | grep -q '^healthy'; then
  pass "16 children: NotifyAccess=all, JAVA_TOOL_OPTIONS; a child JVM ran the ready method and exited, jcmd ran; both found no NOTIFY_SOCKET; the unit stayed active, NRestarts=0, $(e2e_prop e2e-children StatusText | cut -c1-40)..."
else
  fail "16 children: ${unhealthy_seen[e2e-children.service]:-} $(e2e_prop e2e-children ActiveState) NRestarts=$(e2e_prop e2e-children NRestarts) $(e2e_prop e2e-children StatusText)"
  show_log "$log" 30
fi

# 19. the hardened example unit: READY (active), pings (still active, NRestarts=0, until the hang 10 s in), and the
# watchdog's restart after the hang, all under the sandbox the unit file sets.
log=$LOGS/e2e-sandboxed.log
fault=$(e2e_event_us "$log" fault=hang)
active_at=${first_active[e2e-sandboxed.service]:-}
restart_at=${first_restart[e2e-sandboxed.service]:-}
sandbox=$(e2e_ctl show -p DynamicUser -p ProtectSystem -p NoExecPaths -p ProcSubset -p RestrictAddressFamilies e2e-sandboxed | paste -sd' ')
if [ -n "$active_at" ] && [ -n "$fault" ] && [ -n "$restart_at" ] && [ $((fault - active_at)) -ge 6000000 ] \
    && [ "$restart_at" -gt "$fault" ] && grep -q "progress point com.example.testapp.WorkLoop#tick is stuck" "$log" \
    && echo " $sandbox " | grep -q ' DynamicUser=yes ' && echo " $sandbox " | grep -q ' ProtectSystem=strict ' \
    && echo " $sandbox " | grep -q ' NoExecPaths=/ ' && syslog_has e2e-sandboxed "Failed with result 'watchdog'"; then
  pass "19 hardened example unit ($sandbox, SystemCallFilter=@system-service, ...): active, pinged for $(took "$active_at" "$fault") with NRestarts=0 until the hang, restarted by the watchdog $(took "$fault" "$restart_at") after it"
else
  fail "19 hardened example unit: active ${active_at:-never}, fault ${fault:-never}, restart ${restart_at:-never}; $sandbox"
  show_log "$log" 30; e2e_syslog e2e-sandboxed | tail -n 10
fi

e2e_ctl stop --no-block e2e-sandboxed e2e-wrapper-noexec e2e-wrapper-noexec-all e2e-wrapper-helper e2e-hang e2e-deadlock e2e-crash e2e-startup e2e-hardened e2e-dropin e2e-wrapper-exec e2e-many-threads e2e-exit e2e-children $VIRTUAL_UNITS

# 9. daemon-reexec during a healthy run causes no restart.
if [ -z "${unhealthy_seen[e2e-reexec.service]:-}" ] && stays_healthy e2e-reexec 1; then
  pid_before=$(e2e_prop e2e-reexec MainPID)
  reexec_at=$(e2e_now_us)
  e2e_ctl daemon-reexec
  wait_until 30 '[ -n "$(e2e_prop e2e-reexec ActiveState 2>/dev/null)" ]'
  if stays_healthy e2e-reexec 10 && [ "$(e2e_prop e2e-reexec MainPID)" = "$pid_before" ] \
      && { ! have_syslog || tr -d '\r' < "$E2E_SYSTEMD_LOG" | grep -q '^Reexecuting'; }; then
    pass "9 daemon-reexec: systemd re-executed; same main PID, active, NRestarts=0 for $(took "$reexec_at" "$(e2e_now_us)") after it (5 watchdog periods)"
  else
    fail "9 daemon-reexec"; show_log "$LOGS/e2e-reexec.log"
  fi
else
  fail "9 daemon-reexec: unit never healthy"
fi

# 6. systemctl stop: a clean exit, STOPPING=1 received by systemd, no restart. test-app drains for 2 s
# in its own shutdown hook; meanwhile systemd shows the STATUS=stopping that came in the same datagram
# as STOPPING=1, and at debug level systemd logs the datagram itself.
main_pid=$(e2e_prop e2e-healthy MainPID)
e2e_ctl log-level debug
stop_at=$(e2e_now_us)
e2e_ctl stop --no-block e2e-healthy
saw_stopping=
states_seen=
stop_deadline=$((SECONDS + 30))
while [ $SECONDS -lt $stop_deadline ]; do
  shown=$(e2e_ctl show -p ActiveState -p SubState -p StatusText e2e-healthy)
  active_state=$(echo "$shown" | sed -n 's/^ActiveState=//p')
  sub_state=$(echo "$shown" | sed -n 's/^SubState=//p')
  case " $states_seen " in *" $active_state/$sub_state "*) ;; *) states_seen="$states_seen $active_state/$sub_state" ;; esac
  [ "$(echo "$shown" | sed -n 's/^StatusText=//p')" = stopping ] && saw_stopping=yes
  [ "$active_state" = inactive ] && break
  sleep 0.1
done
stopped_at=$(e2e_now_us)
e2e_ctl log-level info
stopping_line=$(e2e_syslog e2e-healthy "Got notification message from PID $main_pid \(STOPPING=1" | head -n 1)
if [ -n "$saw_stopping" ] && [ "$(e2e_prop e2e-healthy ActiveState)" = inactive ] \
    && [ "$(e2e_prop e2e-healthy Result)" = success ] && [ "$(e2e_prop e2e-healthy NRestarts)" = 0 ] \
    && grep -q "test-app: shutdown" "$LOGS/e2e-healthy.log" \
    && { ! have_syslog || { [ -n "$stopping_line" ] && e2e_syslog e2e-healthy 'Deactivated successfully' > /dev/null \
                            && ! e2e_syslog e2e-healthy 'Scheduled restart job' > /dev/null; }; }; then
  pass "6 stop: inactive after $(took "$stop_at" "$stopped_at"), Result=success, NRestarts=0; states:$states_seen; StatusText=stopping seen; systemd: \"${stopping_line:-(its log is unavailable)}\""
else
  fail "6 stop: StatusText=stopping seen: ${saw_stopping:-no}; states:$states_seen; $(e2e_prop e2e-healthy ActiveState) $(e2e_prop e2e-healthy Result) NRestarts=$(e2e_prop e2e-healthy NRestarts); notification logged: ${stopping_line:-no}"
  show_log "$LOGS/e2e-healthy.log" 5; e2e_syslog e2e-healthy | grep -v 'Got notification message from PID [0-9]* (WATCHDOG=1)' | tail -n 10 | sed 's/^/  > /'
fi

echo "e2e: total $(took "$t0" "$(e2e_now_us)") after the units were started"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
