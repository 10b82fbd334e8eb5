package io.igaudit.io;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Background timers of a run (progress lines, the output lock's heartbeat): one daemon thread each, named. */
public final class Tickers {

    private Tickers() {}

    /** A scheduler on one daemon thread of this name, which never keeps the JVM alive. */
    public static ScheduledExecutorService daemon(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }
}
