package org.townalliance.benchmark;

import org.HdrHistogram.ConcurrentHistogram;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Latencies of one run (HdrHistogram, microseconds, 3 significant digits), with the run's count of failures. */
final class Latencies {

    private final ConcurrentHistogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(2), 3);
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure = "";

    void record(long nanos) {
        histogram.recordValue(Math.min(histogram.getHighestTrackableValue(), Math.max(1, nanos / 1000)));
    }

    void failed(String why) {
        failures.incrementAndGet();
        lastFailure = why;
    }

    long count() {
        return histogram.getTotalCount();
    }

    long failures() {
        return failures.get();
    }

    String lastFailure() {
        return lastFailure;
    }

    /** The sum of all recorded latencies, in milliseconds (for one-after-another runs: the run's duration). */
    double totalMs() {
        return histogram.getMean() * histogram.getTotalCount() / 1000.0;
    }

    /** A percentile in milliseconds. */
    double ms(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
