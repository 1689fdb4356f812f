package io.github.sdwatchdog.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsParserTest {
    @Test
    void defaultsApplyWhenOnlyReadyIsGiven() throws ConfigException {
        AgentConfig config = OptionsParser.parse("ready=com.acme.Server#start");
        assertEquals(new MethodRef("com.acme.Server", "start"), config.ready());
        assertTrue(config.watchPoints().isEmpty());
        assertEquals(Duration.ofSeconds(30), config.stall());
        assertEquals(Optional.of(Duration.ofSeconds(10)), config.deadlockCheck());
        assertEquals(AgentConfig.OnUnhealthy.WITHHOLD, config.onUnhealthy());
    }

    @Test
    void progressRepeatsWithItsOwnStallOrTheDefault() throws ConfigException {
        AgentConfig config = OptionsParser.parse(
                "ready=a.B$C#start, progress=a.Loop#tick@5s, progress=a.Other$Inner#poll, stall=2m, deadlock-check=off, on-unhealthy=trigger");
        assertEquals("a.B$C", config.ready().className());
        assertEquals(2, config.watchPoints().size());
        assertEquals(0, config.watchPoints().get(0).index());
        assertEquals(Duration.ofSeconds(5), config.watchPoints().get(0).limit());
        assertEquals("a/Other$Inner", config.watchPoints().get(1).method().internalClassName());
        assertEquals(Duration.ofMinutes(2), config.watchPoints().get(1).limit());
        assertEquals(Optional.empty(), config.deadlockCheck());
        assertEquals(AgentConfig.OnUnhealthy.TRIGGER, config.onUnhealthy());
    }

    @Test
    void durationsTakeMillisSecondsMinutesAndHours() throws ConfigException {
        assertEquals(Duration.ofMillis(250), OptionsParser.parse("ready=a.B#c,stall=250ms").stall());
        assertEquals(Duration.ofHours(1), OptionsParser.parse("ready=a.B#c,stall=1h").stall());
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("2m", Durations.format(Duration.ofSeconds(120)));
    }

    @Test
    void listenNamesPortsInsteadOfAMethod() throws ConfigException {
        AgentConfig config = OptionsParser.parse("ready=listen:8080+8443,progress=a.L#t");
        assertEquals(null, config.ready());
        assertEquals(java.util.List.of(8080, 8443), config.readyPorts());
        assertEquals("listen:8080+8443", config.readyDescription());
        assertTrue(config.describe().startsWith("ready=listen:8080+8443, progress=a.L#t"), config.describe());
        assertEquals(java.util.List.of(65535), OptionsParser.parse("ready=listen:65535").readyPorts());
        assertTrue(OptionsParser.parse("ready=a.B#c").readyPorts().isEmpty());
    }

    @Test
    void listenErrorsSayWhatIsWrongWithThePorts() {
        String expected = "; expected listen:<port>[+<port>]... with ports 1-65535, such as listen:8080 or listen:8080+8443";
        assertMessage("ready=listen:", "option 'ready' in the agent arguments: 'listen:' names no port" + expected);
        assertMessage("ready=listen:0", "'0' is not a port" + expected);
        assertMessage("ready=listen:65536", "'65536' is not a port");
        assertMessage("ready=listen:080x", "'080x' is not a port");
        assertMessage("ready=listen:-1", "'-1' is not a port");
        assertMessage("ready=listen:8080+", "'listen:8080+' has an empty port (a stray '+'?)");
        assertMessage("ready=listen:+8080", "has an empty port");
        assertMessage("ready=listen:8080+8443+8080", "port 8080 is named twice in 'listen:8080+8443+8080'; name each port once");
    }

    @Test
    void errorsNameTheOptionAndWhatWasExpected() {
        assertMessage("ready=a.B#c,stall=-1s", "option 'stall' in the agent arguments: '-1s' is not a duration; expected a whole number with a unit ms, s, m or h, from 100ms to 24h");
        assertMessage("ready=a.B#c,stall=1.5s", "'1.5s' is not a duration");
        assertMessage("ready=a.B#c,stall=99999999999s", "'99999999999s' is more than 24h");
        assertMessage("ready=a.B#c#d", "'a.B#c#d' is not a method reference; expected <class>#<method>");
        assertMessage("ready=#start", "'' is not a class name");
        assertMessage("ready=a.B#", "'' is not a method name");
        assertMessage("ready=1a.B#c", "'1a.B' is not a class name");
        assertMessage("ready", "'ready' in the agent arguments is not key=value");
        assertMessage("", "option 'ready' is required");
        assertMessage("ready=a.B#c,progress=a.L#t,progress=a.L#t", "a.L#t is already a progress point; name each method once");
        assertMessage("ready=a.B#c,progress=a.L#t,heartbeat=a.L#t@1s", "a.L#t is already a progress point");
        assertMessage("ready=a.B#c,heartbeat=a.L#t", "option 'heartbeat' in the agent arguments: 'a.L#t' has no period; "
                + "expected <class>#<method>@<duration>");
    }

    @Test
    void atMostSixteenProgressAndHeartbeatPointsTogether() {
        StringBuilder options = new StringBuilder("ready=a.B#c");
        for (int i = 0; i < 16; i++) {
            options.append(i % 2 == 0 ? ",progress=a.L#m" : ",heartbeat=a.H#m").append(i).append(i % 2 == 0 ? "" : "@1m");
        }
        assertTrue(assertDoesNotThrow(() -> OptionsParser.parse(options.toString())).watchPoints().size() == 16);
        assertMessage(options + ",heartbeat=a.H#m99@1m", "at most 16 progress and heartbeat points");
    }

    @Test
    void aHeartbeatHasItsOwnKindAndPeriod() throws Exception {
        WatchPoint point = OptionsParser.parse("ready=a.B#c,heartbeat=a.Sched#tick@90s").watchPoints().get(0);
        assertEquals(WatchPoint.Kind.HEARTBEAT, point.kind());
        assertEquals(Duration.ofSeconds(90), point.limit());
        assertEquals("a.Sched#tick", point.toString());
    }

    @Test
    void gcSpiralIsOnByDefaultTunableAndCanBeTurnedOff() throws ConfigException {
        GcSpiral spiral = OptionsParser.parse("ready=a.B#c").gcSpiral().orElseThrow();
        assertEquals(Option.GC_SPIRAL.defaultValue(), spiral.toString());
        assertEquals(0.5, spiral.pauseShare());
        assertEquals(0.9, spiral.heapShare());
        assertEquals(Duration.ofSeconds(20), spiral.debt());
        assertEquals("75%/95%/1m", OptionsParser.parse("ready=a.B#c,gc-spiral=75%/95%/1m").gcSpiral().orElseThrow().toString());
        assertEquals(Optional.empty(), OptionsParser.parse("ready=a.B#c,gc-spiral=off").gcSpiral());
        assertTrue(OptionsParser.parse("ready=a.B#c,gc-spiral=off").describe().endsWith("gc-spiral=off"));
        assertMessage("ready=a.B#c,gc-spiral=50%/90%", "option 'gc-spiral' in the agent arguments: '50%/90%' does not "
                + "have three parts separated by '/'; expected off or <pause>%/<heap>%/<duration>");
        assertMessage("ready=a.B#c,gc-spiral=50/90%/20s", "'50' is not a percentage from 1% to 99%");
        assertMessage("ready=a.B#c,gc-spiral=50%/100%/20s", "'100%' is not a percentage from 1% to 99%");
        assertMessage("ready=a.B#c,gc-spiral=50%/90%/20", "'50%/90%/20': the debt '20' is not a duration");
    }

    private static void assertMessage(String options, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> OptionsParser.parse(options));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void theProbeHostMustBeAHostNameOrAnAddress() throws ConfigException {
        ConfigException space = assertThrows(ConfigException.class, () -> OptionsParser.parse("ready=a.B#c,http=exa mple.com:8558"));
        assertTrue(space.getMessage().contains("'exa mple.com' is not a host name or IPv4 address"), space.getMessage());
        assertThrows(ConfigException.class, () -> OptionsParser.parse("ready=a.B#c,http=-bad.example:8558"));
        assertThrows(ConfigException.class, () -> OptionsParser.parse("ready=a.B#c,http=a..b:8558"));
        assertThrows(ConfigException.class, () -> OptionsParser.parse("ready=a.B#c,http=[::1 x]:8558"));
        assertEquals("example.com:8558", OptionsParser.parse("ready=a.B#c,http=example.com:8558").http().get().toString());
        assertEquals("10.0.0.1:8558", OptionsParser.parse("ready=a.B#c,http=10.0.0.1:8558").http().get().toString());
        assertEquals("[fe80::1%eth0]:8558", OptionsParser.parse("ready=a.B#c,http=[fe80::1%eth0]:8558").http().get().toString());
        assertEquals("[::1]:8558", OptionsParser.parse("ready=a.B#c,http=[::1]:8558").http().get().toString());
    }
}
