package io.github.sdwatchdog.suggest;

import io.github.sdwatchdog.config.Preset;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Servers a preset was made for, recognised in thread dumps: a preset is a match when a class of the server's
 * own package is on some thread's stack (a preset may name a library's class, such as Netty's pipeline, that
 * other servers run too) and no server that embeds it is running, and each of its methods is counted where it
 * was running.
 * Pure: tests feed it dumps.
 */
final class KnownServers {
    /** One of a preset's methods and where it was running. */
    static final class Method {
        final String option; // as the preset writes it: progress=a.B#c
        final String className;
        final String frame; // a.B.c, as dumps print it
        final Set<Integer> samples = new LinkedHashSet<>();
        final Set<String> threads = new LinkedHashSet<>();

        Method(String option) {
            this.option = option;
            String method = option.substring(option.indexOf('=') + 1).replaceFirst("@.*", "");
            className = method.substring(0, method.indexOf('#'));
            frame = className + "." + method.substring(method.indexOf('#') + 1);
        }
    }

    /** A preset some of whose classes were on the stacks. */
    static final class Match {
        final Preset preset;
        final List<Method> methods = new ArrayList<>();
        final Set<String> classesSeen = new LinkedHashSet<>();

        Match(Preset preset) {
            this.preset = preset;
            for (String option : preset.options()) {
                methods.add(new Method(option));
            }
        }

        /** The preset's methods that were running in some dump. */
        List<Method> seen() {
            List<Method> seen = new ArrayList<>();
            for (Method method : methods) {
                if (!method.samples.isEmpty()) {
                    seen.add(method);
                }
            }
            return seen;
        }
    }

    /**
     * A server that runs another preset's server inside it, recognised by its own classes. There the embedded
     * server's preset does not fit: the more specific server wins.
     */
    static final class Host {
        final String name;
        final List<String> packages;
        final Set<Preset> embeds;
        final String why;

        Host(String name, List<String> packages, Set<Preset> embeds, String why) {
            this.name = name;
            this.packages = packages;
            this.embeds = embeds;
            this.why = why;
        }
    }

    static final List<Host> HOSTS = List.of(
            new Host("Spring Boot", List.of("org.springframework.boot."), EnumSet.of(Preset.TOMCAT, Preset.JETTY),
                    "the embedded server's ready method returns while Spring is still creating beans"),
            new Host("GlassFish", List.of("com.sun.enterprise.", "org.glassfish.main.", "fish.payara."), EnumSet.of(Preset.TOMCAT),
                    "its web container is Catalina's code under Tomcat's package names, started its own way"),
            new Host("WildFly", List.of("org.jboss.as.", "org.wildfly."), EnumSet.of(Preset.ARTEMIS),
                    "its messaging subsystem runs Artemis inside, started its own way"));

    /** The presets whose classes are on some stack, in the order of {@link Preset#values()}, less those a host embeds. */
    static List<Match> in(List<List<DumpedThread>> samples) {
        Set<Preset> embedded = EnumSet.noneOf(Preset.class);
        for (Host host : hostsIn(samples)) {
            embedded.addAll(host.embeds);
        }
        List<Match> matches = new ArrayList<>();
        for (Preset preset : Preset.values()) {
            Match match = new Match(preset);
            for (int i = 0; i < samples.size(); i++) {
                for (DumpedThread thread : samples.get(i)) {
                    count(match, thread, i);
                }
            }
            if (!match.classesSeen.isEmpty() && !embedded.contains(preset)) {
                matches.add(match);
            }
        }
        return matches;
    }

    private static void count(Match match, DumpedThread thread, int sample) {
        for (String frame : thread.frames) {
            for (Method method : match.methods) {
                if (frame.equals(method.frame)) {
                    method.samples.add(sample);
                    method.threads.add(thread.name);
                }
            }
            String className = DumpedThread.className(frame);
            if (className.startsWith(match.preset.ownPackage()) && match.classesSeen.size() < 3) {
                match.classesSeen.add(className);
            }
        }
    }

    /** For each host seen whose embedded preset's classes are on the stacks too: why that preset is not offered. */
    static List<String> embeddingNotes(List<List<DumpedThread>> samples) {
        List<String> notes = new ArrayList<>();
        for (Host host : hostsIn(samples)) {
            for (Preset preset : host.embeds) {
                if (anyFrameIn(samples, List.of(preset.ownPackage()))) {
                    notes.add(host.name + " runs " + preset.ownPackage() + "* classes inside, but preset=" + preset.presetName()
                            + " is not for it: " + host.why);
                }
            }
        }
        return notes;
    }

    /** The hosts whose own classes are on some stack. */
    static List<Host> hostsIn(List<List<DumpedThread>> samples) {
        List<Host> seen = new ArrayList<>();
        for (Host host : HOSTS) {
            if (anyFrameIn(samples, host.packages)) {
                seen.add(host);
            }
        }
        return seen;
    }

    private static boolean anyFrameIn(List<List<DumpedThread>> samples, List<String> packages) {
        for (List<DumpedThread> sample : samples) {
            for (DumpedThread thread : sample) {
                for (String frame : thread.frames) {
                    for (String prefix : packages) {
                        if (frame.startsWith(prefix)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private KnownServers() {
    }
}
