package io.github.sdwatchdog.suggest;

import io.github.sdwatchdog.config.Preset;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Servers a preset was made for, recognised in thread dumps: a preset is a match when a class of the server's
 * own package is on some thread's stack (a preset may name a library's class, such as Netty's pipeline, that
 * other servers run too), and each of its methods is counted where it was running.
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
     * Servers that embed a preset's server, by their own package: where they run, that preset is not a match. Spring
     * Boot's embedded Tomcat or Jetty returns from its ready method while Spring is still creating beans, before the
     * connectors start; GlassFish runs Catalina, whose {@code StandardServer} it never starts.
     */
    private static final Map<String, Set<Preset>> EMBEDDERS = Map.of(
            "org.springframework.boot.", EnumSet.of(Preset.TOMCAT, Preset.JETTY),
            Preset.GLASSFISH.ownPackage(), EnumSet.of(Preset.TOMCAT));

    /** The presets whose classes are on some stack, in the order of {@link Preset#values()}, less embedded ones. */
    static List<Match> in(List<List<DumpedThread>> samples) {
        Set<Preset> embedded = EnumSet.noneOf(Preset.class);
        EMBEDDERS.forEach((ownPackage, presets) -> {
            if (anyFrameIn(samples, ownPackage)) {
                embedded.addAll(presets);
            }
        });
        List<Match> matches = new ArrayList<>();
        for (Preset preset : Preset.values()) {
            if (embedded.contains(preset)) {
                continue;
            }
            Match match = new Match(preset);
            for (int i = 0; i < samples.size(); i++) {
                for (DumpedThread thread : samples.get(i)) {
                    for (String frame : thread.frames) {
                        for (Method method : match.methods) {
                            if (frame.equals(method.frame)) {
                                method.samples.add(i);
                                method.threads.add(thread.name);
                            }
                        }
                        String className = DumpedThread.className(frame);
                        if (className.startsWith(preset.ownPackage()) && match.classesSeen.size() < 3) {
                            match.classesSeen.add(className);
                        }
                    }
                }
            }
            if (!match.classesSeen.isEmpty()) {
                matches.add(match);
            }
        }
        return matches;
    }

    private static boolean anyFrameIn(List<List<DumpedThread>> samples, String packagePrefix) {
        for (List<DumpedThread> sample : samples) {
            for (DumpedThread thread : sample) {
                for (String frame : thread.frames) {
                    if (frame.startsWith(packagePrefix)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private KnownServers() {
    }
}
