package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.ConfigException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per output folder: a live run's lock refuses a second run; a dead run's lock is taken over. */
class OutputLockTest {

    private static final Configuration HADOOP = new Configuration(false);

    @TempDir
    Path tmp;

    private String output() {
        return tmp.resolve("out").toString();
    }

    private Path lockFile() {
        return tmp.resolve(".out.ig-audit-lock");
    }

    private void writeLock(long pid, String host) throws Exception {
        Files.writeString(lockFile(), "{\"pid\":" + pid + ",\"host\":\"" + host + "\",\"started\":\"2026-12-07T04:00:00Z\","
                + "\"run_id\":\"earlier\"}");
    }

    @Test
    void aSecondRunIsRefusedWhileTheFirstHoldsTheLockAndMayRunAfter() {
        try (OutputLock first = OutputLock.take(output(), "first", HADOOP)) {
            assertTrue(Files.exists(lockFile()), "the lock sits beside the output folder");
            ConfigException refused = assertThrows(ConfigException.class, () -> OutputLock.take(output(), "second", HADOOP));
            String message = refused.getMessage();
            for (String part : new String[] {"another run (pid " + ProcessHandle.current().pid(), "is writing to output.path",
                    "started 20", "choose another output.path", "taken over once its process is gone"}) {
                assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
            }
            assertThrows(ConfigException.class, () -> OutputLock.requireFree(output(), HADOOP));
        }
        assertFalse(Files.exists(lockFile()), "released");
        assertDoesNotThrow(() -> OutputLock.requireFree(output(), HADOOP));
        OutputLock.take(output(), "second", HADOOP).close();
    }

    @Test
    void aLockWhoseProcessOnThisHostIsGoneIsTakenOver() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        writeLock(finished.pid(), InetAddress.getLocalHost().getHostName());
        assertDoesNotThrow(() -> OutputLock.requireFree(output(), HADOOP));
        try (OutputLock lock = OutputLock.take(output(), "mine", HADOOP)) {
            assertTrue(Files.readString(lockFile()).contains("\"run_id\":\"mine\""), "taken over");
        }
    }

    @Test
    void aLockFromAnotherHostIsLiveUntilItsHeartbeatStops() throws Exception {
        writeLock(1, "another-host.example");
        assertThrows(ConfigException.class, () -> OutputLock.take(output(), "mine", HADOOP));
        Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minus(OutputLock.STALE_AFTER).minusSeconds(60)));
        assertDoesNotThrow(() -> OutputLock.take(output(), "mine", HADOOP).close());
    }

    @Test
    void anUnreadableLockCountsAsLiveWhileItIsFresh() throws Exception {
        Files.writeString(lockFile(), "{\"pid\":");
        assertThrows(ConfigException.class, () -> OutputLock.requireFree(output(), HADOOP));
        Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minus(OutputLock.STALE_AFTER).minusSeconds(60)));
        assertDoesNotThrow(() -> OutputLock.requireFree(output(), HADOOP));
    }
}
