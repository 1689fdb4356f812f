#!/usr/bin/env bash
# preset=glassfish under a real systemd: the GlassFish 7 distribution from Maven Central (servers/glassfish), run
# by systemd/examples/glassfish.service through GlassFish's own bin/startserv (a helper JVM, then exec of the
# server JVM), with a domain of its own: a copy of domain1 with every port moved (HTTP 18084, HTTPS 18085, admin
# 19948, IIOP 19937-19939, JMX 19986, JMS 19976, OSGi shell 19966) and servers/jetty's hang.war autodeployed by
# a first plain start, as a user would drop it in autodeploy/ (/hang/ok answers, /hang/hang never does).
#
#   bash systemd/e2e/servers/glassfish.sh     (root; build first: mvn -Pservers -pl servers/glassfish -am verify -DskipTests)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT=18084
server_begin glassfish
home=$E2E_ROOT/servers/glassfish/target/glassfish7
war=$(ls "$E2E_ROOT"/servers/glassfish/target/hang-war/*.war 2>/dev/null | head -n 1)
if [ ! -f "$home/bin/startserv" ] || [ -z "$war" ]; then
  fail "no unpacked GlassFish or hang.war under servers/glassfish/target; build first: mvn -Pservers -pl servers/glassfish -am verify -DskipTests"
  server_end
fi

# GlassFish's OSGi framework offers the Java SE versions its config/osgi.properties lists (eecap-<version>); on a
# newer JDK no bundle resolves and the server never starts (7.0.20 lists up to 23). Not the agent's to change.
feature=$(server_java_feature)
if ! grep -q "^eecap-$feature=" "$home/glassfish/config/osgi.properties"; then
  echo "SKIPPED: glassfish on JDK $feature: this GlassFish runs on the Java SE versions its config/osgi.properties lists" \
    "($(grep -o '^eecap-[0-9]*=' "$home/glassfish/config/osgi.properties" | tr -dc '0-9\n' | sort -n | sed -n '1p;$p' | paste -sd-)), not on $feature"
  server_end
fi

domains=$WORK/domains
mkdir -p "$domains"
cp -r "$home/glassfish/domains/domain1" "$domains/"
sed -i -e 's/value="7676" description/value="19976" description/' -e 's/port="3700" id="orb-listener-1"/port="19937" id="orb-listener-1"/' \
  -e 's/port="3820" id="SSL">/port="19938" id="SSL">/' -e 's/port="3920" id="SSL_MUTUALAUTH">/port="19939" id="SSL_MUTUALAUTH">/' \
  -e 's/port="8686" name="system"/port="19986" name="system"/' -e "s/network-listener port=\"8080\"/network-listener port=\"$PORT\"/" \
  -e 's/network-listener port="8181"/network-listener port="18085"/' -e 's/network-listener port="4848"/network-listener port="19948"/' \
  -e 's/telnet.port=6666</telnet.port=19966</' "$domains/domain1/config/domain.xml"
if [ "$(grep -cE '"(19976|19937|19938|19939|19986|18084|18085|19948)"|=19966<' "$domains/domain1/config/domain.xml")" != 9 ]; then
  fail "could not move every port of domain1 (domain.xml changed?)"
  server_end
fi
cp "$war" "$domains/domain1/autodeploy/hang.war"

# The example's paths point at the build; it runs as root here, as the namespace has no user glassfish.
paths=("s#/opt/glassfish7#$home#g" "s#startserv domain1#startserv --domaindir $domains domain1#" '/^User=/d' '/^Group=/d')
server_unit glassfish glassfish.service "WatchdogSec=2s" "${paths[@]}" 's#preset=glassfish#preset=glassfish,stall=5s#'
server_unit glassfish-plain glassfish.service "$(printf 'Type=simple\nWatchdogSec=0')" "${paths[@]}" '/^Environment=JAVA_TOOL_OPTIONS=/d'
server_boot

ok="curl -sf -m 10 -o /dev/null http://127.0.0.1:$PORT/hang/ok"
# The autodeployer deploys hang.war once the server runs; from then on domain.xml has it and it loads at startup.
e2e_ctl start glassfish-plain
deadline=$((SECONDS + 180))
while [ $SECONDS -lt $deadline ] && ! eval "$ok"; do sleep 0.5; done
e2e_ctl stop glassfish-plain
if ! grep -qE '<application [^>]*name="hang"' "$domains/domain1/config/domain.xml"; then
  fail "hang.war was not autodeployed within 180 s"
  server_show_log glassfish-plain
  server_end
fi

# A 404 until the application has loaded: the request at active tells whether READY came before it.
if server_timing glassfish-plain glassfish "$PORT" 180 "$ok"; then
  server_start_was_clean glassfish "a start through startserv (a helper JVM, then the server's)" "$domains/domain1/logs/server.log"
  server_stays_healthy glassfish 10 "$ok" "light traffic (GET /hang/ok, a servlet)"
  server_stays_healthy glassfish 10 "" "idle for 2 x stall"
  server_suggest_names glassfish glassfish
  server_hang_restarts glassfish "curl -s -m 120 http://127.0.0.1:$PORT/hang/hang" 90 \
    'progress point org\.apache\.catalina\.connector\.CoyoteAdapter#service is stuck' "a request hanging in a servlet"
  deadline=$((SECONDS + 180))
  while [ $SECONDS -lt $deadline ] && [ "$(e2e_prop glassfish ActiveState)" != active ]; do sleep 0.2; done
  server_stays_healthy glassfish 12 "" "restarted and idle, no request yet"
  if grep -aq 'CoyoteAdapter has not been loaded' "$LOGS/glassfish.log"; then
    fail "glassfish: an idle restarted server got a warning that CoyoteAdapter is not loaded"
  else
    pass "glassfish: no warning about CoyoteAdapter, which loads with the first request"
  fi
fi
server_end
