package io.github.sdwatchdog.config;

import java.time.Duration;

/**
 * When the GC is a death spiral ({@code gc-spiral=<pause>%/<heap>%/<debt>}): stop-the-world pauses take more
 * than {@code pause} of the time while old or full collections leave the heap at least {@code heap} full, and
 * the pause time beyond that share adds up to {@code debt}. The debt is jvmquake's model with a lower share:
 * it grows by pause time and shrinks by running time weighted {@code pause/(1-pause)}, so a burst drains it.
 */
public final class GcSpiral {
    private static final String EXPECTED = "; expected off or <pause>%/<heap>%/<duration>, percentages 1-99 (whole "
            + "numbers), such as " + Option.GC_SPIRAL.defaultValue();

    private final int pausePercent;
    private final int heapPercent;
    private final Duration debt;

    private GcSpiral(int pausePercent, int heapPercent, Duration debt) {
        this.pausePercent = pausePercent;
        this.heapPercent = heapPercent;
        this.debt = debt;
    }

    /**
     * Parses {@code 50%/90%/20s}; null for {@code off}.
     *
     * @throws IllegalArgumentException with a message that says what is wrong and what is expected
     */
    public static GcSpiral parse(String text) {
        if (text.equals("off")) {
            return null;
        }
        String[] parts = text.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("'" + text + "' does not have three parts separated by '/'" + EXPECTED);
        }
        try {
            return new GcSpiral(percent(parts[0], text), percent(parts[1], text), Durations.parse(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().contains(EXPECTED) ? e.getMessage()
                    : "'" + text + "': the debt " + e.getMessage());
        }
    }

    private static int percent(String part, String text) {
        int value = -1;
        if (part.length() >= 2 && part.length() <= 3 && part.endsWith("%")) {
            value = 0;
            for (int i = 0; i < part.length() - 1; i++) {
                char c = part.charAt(i);
                value = c >= '0' && c <= '9' && value >= 0 ? value * 10 + (c - '0') : -1;
            }
        }
        if (value < 1 || value > 99) {
            throw new IllegalArgumentException("'" + text + "': '" + part + "' is not a percentage from 1% to 99%"
                    + EXPECTED);
        }
        return value;
    }

    /** The share of wall time in stop-the-world pauses above which GC debt grows, 0.01-0.99. */
    public double pauseShare() {
        return pausePercent / 100.0;
    }

    /** The heap occupancy, after an old or full collection, at or above which debt may grow, 0.01-0.99. */
    public double heapShare() {
        return heapPercent / 100.0;
    }

    /** The GC debt at which the GC is a spiral. */
    public Duration debt() {
        return debt;
    }

    @Override
    public String toString() {
        return pausePercent + "%/" + heapPercent + "%/" + Durations.format(debt);
    }
}
