package suggestfixture;

import java.util.concurrent.Executor;

/**
 * {@code PoolService --pool=<name> [--requests=none]}: a service whose requests ({@link Service#handle}) run on
 * one real pool, a few every 50 ms, and one of which hangs for ever; with --requests=none it takes none, and
 * every pool thread waits for work.
 */
public final class PoolService {
    public static void main(String[] args) throws Exception {
        String pool = null;
        boolean requests = true;
        for (String arg : args) {
            if (arg.startsWith("--pool=")) {
                pool = arg.substring(7);
            } else if (arg.equals("--requests=none")) {
                requests = false;
            } else {
                throw new IllegalArgumentException(arg);
            }
        }
        Executor executor = Pools.start(pool);
        if (requests) {
            executor.execute(() -> Service.handle(-1));
        }
        System.out.println("serving on pool=" + pool);
        System.out.flush();
        for (long n = 0; ; n++) {
            if (requests) {
                long request = n;
                executor.execute(() -> Service.handle(request));
            }
            Thread.sleep(50);
        }
    }

    private PoolService() {
    }
}
