package io.github.sdwatchdog.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * What a progress point adds to each call: the same tiny method with and without the agent's entry
 * call, in the same forks. Run with 1 and 2 threads ({@code -t}); bench/hot-path.sh passes the agent.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ProgressPointBenchmark {
    private long value;

    @Setup(Level.Trial)
    public void setUp() {
        Target.ready(); // bench/hot-path.sh checks the agent's "instrumented" line in the fork's output
    }

    @Benchmark
    public long baseline() {
        return Target.baselineTick(value++);
    }

    @Benchmark
    public long progressPoint() {
        return Target.instrumentedTick(value++);
    }
}
