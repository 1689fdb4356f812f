package io.github.sdwatchdog.install;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.notify.NotifySocketAddress;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Whether, and how, this JVM's agent speaks for the service: one pure decision from the options, the
 * environment, the PID and what is known of the process's ancestors. Only one JVM of a unit may talk to
 * systemd. The rule:
 * <ul>
 *   <li>no usable {@code NOTIFY_SOCKET}: inactive, unless {@code http} or {@code exit} asks for checks without systemd;</li>
 *   <li>a second instance of the agent in this JVM: inactive;</li>
 *   <li>a descendant of a JVM that runs this agent: that JVM speaks; this one never does (a child JVM or
 *       {@code jcmd} that inherited {@code NOTIFY_SOCKET} before the service could clear it);</li>
 *   <li>{@code WATCHDOG_PID} is this JVM, or unset: the main process; it speaks from the start;</li>
 *   <li>{@code WATCHDOG_PID} is an ancestor (a launcher script that runs java without {@code exec}, or one that
 *       runs a short helper JVM before it execs the server): it may be the service; it stays silent until its
 *       ready condition holds, then claims the unit with {@code MAINPID=} alongside {@code READY=1}, which systemd
 *       accepts with {@code NotifyAccess=all}. A helper JVM that never gets there says nothing;</li>
 *   <li>{@code WATCHDOG_PID} names a process that is not an ancestor: inactive.</li>
 * </ul>
 */
public final class Activation {
    public enum Role {
        /** Sends nothing and installs nothing. */
        INACTIVE,
        /** The unit's main process, or checks without systemd: speaks from the start. */
        MAIN,
        /** Below the main process, started without exec: silent until READY, which claims MAINPID. */
        LAUNCHED
    }

    final Role role;
    final NotifySocketAddress address; // null: no systemd
    /** What to log about the decision; null for nothing. */
    final String message;
    final boolean messageIsWarning;

    private Activation(Role role, NotifySocketAddress address, String message, boolean messageIsWarning) {
        this.role = role;
        this.address = address;
        this.message = message;
        this.messageIsWarning = messageIsWarning;
    }

    /**
     * @param ancestry the ancestors from the parent up to the given PID (included) or to PID 1; read only when
     *                 this JVM is not plainly the main process, as it costs reads of /proc
     */
    static Activation decide(AgentConfig config, Map<String, String> env, long pid,
                             Function<Long, List<Ancestor>> ancestry) {
        boolean standalone = config.http().isPresent() || config.onUnhealthy() == AgentConfig.OnUnhealthy.EXIT;
        String socket = env.get("NOTIFY_SOCKET");
        NotifySocketAddress address = null;
        if (socket == null || socket.isEmpty()) {
            if (!standalone) {
                return inactive("NOTIFY_SOCKET is not set (not started by systemd with Type=notify); the agent stays inactive", false);
            }
        } else {
            try {
                address = NotifySocketAddress.parse(socket);
            } catch (IllegalArgumentException e) {
                return inactive(e.getMessage() + "; the agent stays inactive", false);
            }
        }
        long mainPid = mainPid(env);
        if (mainPid == pid) {
            return new Activation(Role.MAIN, address, noSystemd(address, config), false);
        }
        List<Ancestor> ancestors = ancestry.apply(mainPid > 0 ? mainPid : 1L);
        for (Ancestor ancestor : ancestors) {
            if (ancestor.runsAgent) {
                return inactive("this JVM descends from JVM " + ancestor + ", which runs sd-watchdog and speaks for the "
                        + "service; this one stays inactive", false);
            }
        }
        if (mainPid <= 0) {
            return new Activation(Role.MAIN, address, noSystemd(address, config), false);
        }
        Ancestor main = null;
        for (Ancestor ancestor : ancestors) {
            if (ancestor.pid == mainPid) {
                main = ancestor;
            }
        }
        if (main == null) {
            return inactive("WATCHDOG_PID=" + mainPid + " names the unit's main process, and this JVM (" + pid
                    + ") does not descend from it; it sends nothing to systemd", true);
        }
        return new Activation(Role.LAUNCHED, address, "this JVM (" + pid + ") was started by the unit's main process "
                + main + " without exec: it stays silent until " + readyRule(config) + ", then claims the unit with "
                + "MAINPID=" + pid + " and READY=1 (systemd accepts that with NotifyAccess=all)", false);
    }

    /** {@code WATCHDOG_PID} as a number, or -1 when unset, blank or not a number. */
    static long mainPid(Map<String, String> env) {
        String value = env.get("WATCHDOG_PID");
        if (value == null || value.trim().isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String readyRule(AgentConfig config) {
        return config.ready() != null ? config.ready() + " returns" : "ready=" + config.readyDescription() + " holds";
    }

    private static String noSystemd(NotifySocketAddress address, AgentConfig config) {
        return address != null ? null : "NOTIFY_SOCKET is not set: no sd_notify; the watchdog runs for "
                + (config.http().isPresent() ? "the probe endpoints" : "on-unhealthy=exit");
    }

    private static Activation inactive(String message, boolean warning) {
        return new Activation(Role.INACTIVE, null, message, warning);
    }
}
