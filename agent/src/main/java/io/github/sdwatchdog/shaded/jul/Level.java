package io.github.sdwatchdog.shaded.jul;

/**
 * Stands in for {@code java.util.logging.Level} inside JNA and SDNotify: the build relocates their
 * references here, so loading them never initialises the JDK's LogManager, which would break services
 * that install their own (JBoss, WildFly).
 */
public final class Level {
    public static final Level SEVERE = new Level(1000);
    public static final Level WARNING = new Level(900);
    public static final Level INFO = new Level(800);
    public static final Level CONFIG = new Level(700);
    public static final Level FINE = new Level(500);
    public static final Level FINER = new Level(400);
    public static final Level FINEST = new Level(300);

    private final int value;

    private Level(int value) {
        this.value = value;
    }

    public int intValue() {
        return value;
    }
}
