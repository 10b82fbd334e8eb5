package io.igaudit.pipeline;

import io.igaudit.io.Tickers;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple4;

/**
 * Logs rows attributed, rows/s and ETA at a steady interval while a job runs. Rows of running
 * tasks come from the executors' heartbeats (accumulator updates), rows of finished tasks from
 * task-end events, so the count moves during long tasks too.
 */
final class ProgressListener extends SparkListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressListener.class);

    private final long accumulatorId;
    private final long totalRows;
    private final long startNanos = System.nanoTime();
    private final Map<Long, Long> runningTasks = new ConcurrentHashMap<>();
    private final AtomicLong finishedRows = new AtomicLong();
    private final ScheduledExecutorService ticker;
    /** Rows/s over the last minute: the ETA follows the pass as it runs now, not its start. */
    private final RecentRate recent = new RecentRate(60);

    ProgressListener(long accumulatorId, long totalRows, Duration interval) {
        this.accumulatorId = accumulatorId;
        this.totalRows = totalRows;
        this.ticker = Tickers.daemon("ig-audit-progress");
        long millis = interval.toMillis();
        ticker.scheduleAtFixedRate(this::log, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Rows attributed so far (finished tasks plus the last heartbeat of running ones). */
    long rowsDone() {
        return finishedRows.get() + runningTasks.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        var updates = scala.jdk.javaapi.CollectionConverters.asJava(update.accumUpdates());
        for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task : updates) {
            long taskId = (Long) task._1();
            valueOf(scala.jdk.javaapi.CollectionConverters.asJava(task._4())).ifPresent(v -> runningTasks.put(taskId, v));
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        runningTasks.remove(end.taskInfo().taskId());
        if (end.taskInfo().successful()) {
            valueOf(scala.jdk.javaapi.CollectionConverters.asJava(end.taskInfo().accumulables())).ifPresent(finishedRows::addAndGet);
        }
    }

    private java.util.Optional<Long> valueOf(java.util.List<AccumulableInfo> infos) {
        for (AccumulableInfo info : infos) {
            if (info.id() == accumulatorId && info.update().isDefined()) {
                return java.util.Optional.of(((Number) info.update().get()).longValue());
            }
        }
        return java.util.Optional.empty();
    }

    private void log() {
        long done = rowsDone();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        recent.add(seconds, done);
        if (done == 0) {
            LOG.info(String.format("progress: 0 / %,d rows attributed after %.0f s: the first batches are on their way"
                    + " (the model loads once per executor)", totalRows, seconds));
            return;
        }
        OptionalDouble rate = recent.rowsPerSecond();
        OptionalDouble left = recent.secondsLeft(totalRows);
        LOG.info(String.format("progress: %,d / %,d rows attributed (%.1f%%), %s, ETA %s", done, totalRows,
                100.0 * done / Math.max(totalRows, 1), rate.isPresent() ? String.format("%,.0f rows/s", rate.getAsDouble())
                        : "rate from the next report on", left.isPresent() && done < totalRows ? Math.round(left.getAsDouble()) + " s" : "-"));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
