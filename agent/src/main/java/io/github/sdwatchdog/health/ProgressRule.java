package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.Durations;
import io.github.sdwatchdog.config.WatchPoint;

import java.time.Duration;
import java.util.Arrays;

/**
 * A progress point, from its counters alone: moving while calls begin. Once none has begun for its stall,
 * the counters say whether a call is in flight: none means idle (healthy, and it stays idle until a call
 * begins); some means stuck, once the threads on those stripes confirm it with a frame of the method on
 * their stack. That read covers only the threads whose ids fall on the suspect stripes and the last thread
 * seen there (which finds a virtual thread, if no later call on its stripe replaced it); a stripe still
 * unexplained is searched among the virtual threads whose ids fall on it. It guards against increments
 * lost when two threads share a stripe: a count with no thread behind it is taken as skew and subtracted
 * from then on. A stuck point is re-confirmed at each check, so a call that ends, normally or by
 * exception, recovers.
 */
final class ProgressRule extends PointRule {
    private enum State { MOVING, IDLE, STUCK }

    /** Shorter quiet times are not worth reading 1,024 stripes for: no stall is set that short. */
    private static final long QUIET_WORTH_READING = 1_000_000_000L;

    private final long[] skew; // per stripe: begun - ended that is no call in flight
    private final long[] inFlight;
    private State state = State.MOVING;

    ProgressRule(WatchPoint point, PointCounters counters, ThreadInspector inspector, long nowNanos) {
        super(point, counters, inspector, nowNanos);
        this.skew = new long[counters.stripes()];
        this.inFlight = new long[counters.stripes()];
    }

    @Override
    public void check(long nowNanos, Findings findings) {
        String name = PointNames.check(point);
        if (begins.began(nowNanos)) {
            if (state == State.STUCK) {
                findings.recovered(point + " makes progress again");
            }
            state = State.MOVING;
            findings.ok(name, "moving");
            return;
        }
        long quietNanos = begins.quietNanos(nowNanos);
        if (state == State.IDLE) {
            findings.ok(name, "idle: no call in flight");
            return;
        }
        if (quietNanos > longestQuietNanos && quietNanos >= QUIET_WORTH_READING && suspectStripes().length > 0) {
            longestQuietNanos = quietNanos; // a call in flight all along, unless one began and ended between checks
        }
        if (quietNanos < point.limit().toNanos()) {
            findings.ok(name, "no call begun for " + Durations.tenths(quietNanos) + " (limit "
                    + Durations.format(point.limit()) + ")");
            return;
        }
        findings.stallSuspected = true;
        long[] inside = confirmedInside(begins.begun());
        if (inside == null) {
            findings.ok(name, "moving");
            return; // a call began while the threads were read: the next check sees it move
        }
        if (inside.length == 0) {
            if (state == State.STUCK) {
                findings.recovered(point + " has no call in flight any more");
            }
            state = State.IDLE;
            findings.ok(name, "idle: no call in flight");
            return;
        }
        if (state != State.STUCK) {
            findings.report(inspector.describeStall(point, Duration.ofNanos(quietNanos), inside));
            state = State.STUCK;
        }
        findings.failing(name, point + " stuck: no call begun for " + Durations.tenths(quietNanos) + " (stall="
                + Durations.format(point.limit()) + ")");
    }

    /**
     * The threads inside the quiet point, confirmed on their stacks; empty when the counters show no call
     * in flight; null when a call began meanwhile. Counts that no thread confirms become skew.
     */
    private long[] confirmedInside(long begunBefore) {
        int[] suspects = suspectStripes();
        if (suspects.length == 0) {
            return new long[0];
        }
        long[] inside = inspector.threadsInside(point, suspects, LastThreads.of(counters, point, suspects));
        boolean[] confirmed = confirmedStripes(inside);
        int[] unexplained = unconfirmed(suspects, confirmed);
        if (unexplained.length > 0) {
            // A virtual thread whose stripe's hint a later call replaced: only the JDK's thread containers list it.
            long[] virtual = inspector.virtualThreadsInside(point, unexplained);
            inside = concat(inside, virtual);
            for (long id : virtual) {
                confirmed[counters.stripeOf(id)] = true;
            }
        }
        if (counters.begun(point.index()) != begunBefore) {
            return null;
        }
        // Read again after the stacks: a call that ended meanwhile is gone from both, so is not skew.
        counters.inFlight(point.index(), inFlight);
        for (int stripe : suspects) {
            if (!confirmed[stripe] && inFlight[stripe] > skew[stripe]) {
                skew[stripe] = inFlight[stripe];
            }
        }
        return inside;
    }

    private boolean[] confirmedStripes(long[] threadIds) {
        boolean[] confirmed = new boolean[counters.stripes()];
        for (long id : threadIds) {
            confirmed[counters.stripeOf(id)] = true;
        }
        return confirmed;
    }

    private static int[] unconfirmed(int[] stripes, boolean[] confirmed) {
        return Arrays.stream(stripes).filter(stripe -> !confirmed[stripe]).toArray();
    }

    private static long[] concat(long[] a, long[] b) {
        long[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Stripes with a call in flight beyond their skew. A count below the skew is a lost begin: new skew. */
    private int[] suspectStripes() {
        counters.inFlight(point.index(), inFlight);
        int[] suspects = new int[8];
        int n = 0;
        for (int stripe = 0; stripe < inFlight.length; stripe++) {
            long calls = inFlight[stripe] - skew[stripe];
            if (calls < 0) {
                skew[stripe] = inFlight[stripe];
            } else if (calls > 0) {
                if (n == suspects.length) {
                    suspects = Arrays.copyOf(suspects, n * 2);
                }
                suspects[n++] = stripe;
            }
        }
        return Arrays.copyOf(suspects, n);
    }
}
