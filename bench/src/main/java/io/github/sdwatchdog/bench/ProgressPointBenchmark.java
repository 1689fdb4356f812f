package io.github.sdwatchdog.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.util.concurrent.TimeUnit;

/**
 * What a progress point adds to each call: two identical tiny methods of {@link Target}, one named as
 * a progress point to the agent, the other left alone, measured in one JMH run, on 1 thread and with
 * 2 and 8 threads calling the same method. bench/hot-path.sh passes the agent and a bound notify socket.
 *
 * <p>Each call takes and returns a value that changes every call (per-thread state), and JMH sinks
 * the return value into its blackhole, so neither the call nor its result can be folded away.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProgressPointBenchmark {

    @State(Scope.Thread)
    public static class PerThread {
        long value;

        @Setup(Level.Trial)
        public void setUp() {
            Target.ready(); // the agent's ready method; bench/hot-path.sh checks its "instrumented" lines
            long id = Thread.currentThread().getId();
            // The bridge stripes counters by thread id; hot-path.sh reports which stripes the workers used.
            System.out.println("bench-worker thread-id=" + id + " stripe=" + (id & Target.stripeMask()));
        }

        /**
         * {@code value} counts this thread's calls. The last thread to finish prints all calls of the trial
         * next to the agent's counter for the point: equal for the progress benchmarks (every call was
         * counted), zero for the baselines (nothing was woven into the twin). hot-path.sh checks both.
         */
        @TearDown(Level.Trial)
        public void tearDown() {
            long calls = Target.CALLS.addAndGet(value);
            System.out.println("bench-calls calls=" + calls + " progress-count=" + Target.progressCount());
        }
    }

    @Benchmark
    @Threads(1)
    public long baseline_1thread(PerThread state) {
        return Target.baselineTick(state.value++);
    }

    @Benchmark
    @Threads(1)
    public long progress_1thread(PerThread state) {
        return Target.instrumentedTick(state.value++);
    }

    @Benchmark
    @Threads(2)
    public long baseline_2threads(PerThread state) {
        return Target.baselineTick(state.value++);
    }

    @Benchmark
    @Threads(2)
    public long progress_2threads(PerThread state) {
        return Target.instrumentedTick(state.value++);
    }

    @Benchmark
    @Threads(8)
    public long baseline_8threads(PerThread state) {
        return Target.baselineTick(state.value++);
    }

    @Benchmark
    @Threads(8)
    public long progress_8threads(PerThread state) {
        return Target.instrumentedTick(state.value++);
    }
}
