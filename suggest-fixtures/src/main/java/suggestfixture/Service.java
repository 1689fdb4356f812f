package suggestfixture;

import java.util.concurrent.CountDownLatch;

/** The service's request: a little work, or, for the one request that hangs, a wait that never ends. */
public final class Service {
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    static volatile long sink;

    /** One request; a negative number is the request that hangs. */
    public static void handle(long request) {
        if (request < 0) {
            System.out.println("request hangs on " + Thread.currentThread().getName());
            System.out.flush();
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        long until = System.nanoTime() + 1_000_000L;
        long x = request;
        while (System.nanoTime() - until < 0) {
            x = x * 31 + 7;
        }
        sink = x;
    }

    private Service() {
    }
}
