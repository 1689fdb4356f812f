package io.github.sdwatchdog.instrument;

/** Methods shaped like the ones users name: woven by {@link MethodWeaverTest} in a class loader of its own. */
public class WeaverFixture {
    public static int calls;

    public int startCatchingInternally() {
        try {
            throw new IllegalStateException("handled inside");
        } catch (IllegalStateException e) {
            return 7;
        }
    }

    public long startThrowing(String reason) {
        throw new IllegalArgumentException(reason);
    }

    public void tick() {
        calls++;
    }

    public static void tick(java.util.concurrent.CountDownLatch inside, java.util.concurrent.CountDownLatch release) {
        inside.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int tick(int times) {
        for (int i = 0; i < times; i++) {
            if (i == 3) {
                throw new UnsupportedOperationException("ends by exception");
            }
        }
        return times;
    }
}
