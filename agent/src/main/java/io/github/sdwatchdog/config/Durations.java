package io.github.sdwatchdog.config;

import java.time.Duration;

/** Durations as users write them ({@code 250ms}, {@code 10s}, {@code 2m}, {@code 1h}): the one grammar, read and written. */
public final class Durations {
    /** Checks run at most this often; a shorter limit could not be honoured. */
    public static final Duration MIN = Duration.ofMillis(100);
    /** A watchdog that waits longer than a day is none. */
    public static final Duration MAX = Duration.ofHours(24);
    /** What a value must look like, for messages and help. */
    public static final String GRAMMAR = "a whole number (digits 0-9) with ms, s, m or h, from " + format(MIN)
            + " to " + format(MAX) + " (250ms, 10s, 2m)";

    /** @throws IllegalArgumentException with a message that says what is wrong and what is expected */
    public static Duration parse(String text) {
        String expected = "; expected a whole number with a unit ms, s, m or h, from " + format(MIN)
                + " to " + format(MAX) + ", such as 250ms, 10s or 2m";
        int unitStart = 0;
        while (unitStart < text.length() && isAsciiDigit(text.charAt(unitStart))) {
            unitStart++;
        }
        long unitMillis = unitMillis(text.substring(unitStart));
        if (unitStart == 0 || unitMillis == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a duration" + expected
                    + (hasNonAsciiDigit(text) ? " (digits 0-9 only)" : ""));
        }
        // Compared digit by digit before multiplying, so no number of digits can overflow.
        int firstNonZero = 0;
        while (firstNonZero < unitStart - 1 && text.charAt(firstNonZero) == '0') {
            firstNonZero++;
        }
        String digits = text.substring(firstNonZero, unitStart);
        if (digits.length() > 18 || Long.parseLong(digits) > MAX.toMillis() / unitMillis) {
            throw new IllegalArgumentException("'" + text + "' is more than " + format(MAX)
                    + ", the longest a watchdog may wait" + expected);
        }
        long millis = Long.parseLong(digits) * unitMillis;
        if (millis == 0) {
            throw new IllegalArgumentException("'" + text + "' is zero" + expected);
        }
        if (millis < MIN.toMillis()) {
            throw new IllegalArgumentException("'" + text + "' is less than " + format(MIN)
                    + ", shorter than the agent can check" + expected);
        }
        return Duration.ofMillis(millis);
    }

    private static long unitMillis(String unit) {
        switch (unit) {
            case "ms": return 1;
            case "s": return 1_000;
            case "m": return 60_000;
            case "h": return 3_600_000;
            default: return 0;
        }
    }

    /** Formats a duration the way users write it. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0) return millis / 3_600_000 + "h";
        if (millis % 60_000 == 0) return millis / 60_000 + "m";
        if (millis % 1_000 == 0) return millis / 1_000 + "s";
        return millis + "ms";
    }

    /** Tenths of a second, "2.4s": a quiet time as measured, not rounded to a check period the user never set. */
    public static String tenths(long nanos) {
        long tenths = nanos / 100_000_000L;
        return tenths / 10 + "." + tenths % 10 + "s";
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean hasNonAsciiDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i)) && !isAsciiDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private Durations() {
    }
}
