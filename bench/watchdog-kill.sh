#!/usr/bin/env bash
# What a watchdog kill costs under a real systemd: test-app with a 2 GB heap (-Xms2g -Xmx2g -XX:+AlwaysPreTouch, so
# all of it is resident) hangs, the agent stops pinging, WatchdogSec=4s expires, systemd sends WatchdogSignal= and
# restarts the unit (RestartSec=5s, in the last two columns). Four variants, run in turn: SIGABRT (systemd's default) and SIGKILL, each with
# LimitCORE=infinity and LimitCORE=0. Per run, from systemd's own timestamps: the watchdog timeout (last ping +
# WatchdogSec), the old JVM's exit (the kill, and any core dump), the new JVM's start and its READY. Cores go where
# kernel.core_pattern says; with a plain pattern ("core") that is the unit's WorkingDirectory=, a directory of this
# run that is emptied after each run. Root; the private systemd of systemd/e2e/lib.sh. A few minutes.
# Build first: mvn -q -DskipTests package
#   bash bench/watchdog-kill.sh [runs per variant, default 3]   (JAVA_HOME picks the JDK)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../systemd/e2e/lib.sh"
RUNS=${1:-3}
e2e_can_run || { echo "cannot run a private systemd here: $E2E_WHY_NOT"; exit 1; }
JAVA=$(e2e_java)
mkdir -p "$E2E_ROOT/target"
WORK=$(mktemp -d "$E2E_ROOT/target/watchdog-kill.XXXXXX")
UNITS=$WORK/units
CORES=$WORK/cores
mkdir -p "$UNITS" "$CORES"
trap 'e2e_shutdown; rm -rf "$WORK"' EXIT
echo "JDK: $("$JAVA" -version 2>&1 | head -n 1); $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "kernel.core_pattern=$(cat /proc/sys/kernel/core_pattern); free on the cores' disk: $(df -h --output=avail "$CORES" | tail -n 1)"
echo "command: bash bench/watchdog-kill.sh $RUNS"

APP=com.example.testapp.
VARIANTS="abort-core abort-nocore kill-core kill-nocore"
for variant in $VARIANTS; do
  case $variant in abort-*) signal=SIGABRT ;; *) signal=SIGKILL ;; esac
  case $variant in *-nocore) limit=0 ;; *) limit=infinity ;; esac
  cat > "$UNITS/$variant.service" <<UNIT
[Unit]
DefaultDependencies=no
StartLimitIntervalSec=0

[Service]
Type=notify
NotifyAccess=main
WatchdogSec=4s
WatchdogSignal=$signal
LimitCORE=$limit
Restart=on-failure
RestartSec=5s
WorkingDirectory=$CORES
StandardOutput=append:$WORK/$variant.log
StandardError=append:$WORK/$variant.log
ExecStart=$JAVA -Xms2g -Xmx2g -XX:+AlwaysPreTouch -javaagent:$E2E_INSTALLED/sd-watchdog-agent.jar=ready=${APP}Server#start,progress=${APP}WorkLoop#tick,stall=2s -jar $E2E_INSTALLED/test-app.jar --startup=200ms --tick=50ms --fault=hang --fault-after=3s
UNIT
done
e2e_boot "$WORK" "$UNITS" || exit 1
e2e_ctl show -p DefaultLimitCORE -p DefaultLimitCORESoft | tr '\n' ' '; echo

props() { # UNIT
  e2e_ctl show -p ActiveState -p NRestarts -p WatchdogTimestampMonotonic -p ExecMainExitTimestampMonotonic \
    -p ExecMainStartTimestampMonotonic -p ActiveEnterTimestampMonotonic "$1" | tr '\n' ' '
}
prop() { # PROPS NAME
  sed -n "s/.*$2=\([^ ]*\).*/\1/p" <<< "$1"
}
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e6 }'; }

echo "| variant | WatchdogSignal | LimitCORE | timeout -> old JVM gone | timeout -> new JVM started | timeout -> READY | core file |"
echo "|---|---|---|---:|---:|---:|---:|"
for run in $(seq "$RUNS"); do
  for variant in $VARIANTS; do
    e2e_ctl start "$variant.service"
    last_ping=0 exit_at=0 deadline=$((SECONDS + 300)) p=
    while [ $SECONDS -lt $deadline ]; do
      p=$(props "$variant.service")
      if [ "$(prop "$p" NRestarts)" = 0 ]; then
        ping=$(prop "$p" WatchdogTimestampMonotonic)
        [ "${ping:-0}" -gt "$last_ping" ] && last_ping=$ping
        exit=$(prop "$p" ExecMainExitTimestampMonotonic)
        [ "${exit:-0}" -gt 0 ] && exit_at=$exit
      elif [ "$(prop "$p" ActiveState)" = active ]; then
        break
      fi
      sleep 0.05
    done
    core=$(find "$CORES" -maxdepth 1 -name 'core*' -printf '%s\n' | awk '{ s += $1 } END { printf "%.2f GB", s / 1e9 }')
    e2e_ctl stop "$variant.service"
    rm -f "$CORES"/core*
    timeout_at=$((last_ping + 4000000))
    case $variant in abort-*) signal=SIGABRT ;; *) signal=SIGKILL ;; esac
    case $variant in *-nocore) limit=0 ;; *) limit=infinity ;; esac
    if [ "$(prop "$p" ActiveState)" != active ] || [ "$exit_at" = 0 ]; then
      echo "| $variant | $signal | $limit | (no restart within 300 s: $p) | | | $core |"
      continue
    fi
    echo "| $variant | $signal | $limit | $(secs $timeout_at "$exit_at") s | $(secs $timeout_at "$(prop "$p" ExecMainStartTimestampMonotonic)") s | $(secs $timeout_at "$(prop "$p" ActiveEnterTimestampMonotonic)") s | $core |"
  done
done
