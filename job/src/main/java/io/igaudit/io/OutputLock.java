package io.igaudit.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.igaudit.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per output folder: a lock file beside the folder ({@code .NAME.ig-audit-lock} in its
 * parent, so that {@code overwrite} can replace the folder without dropping it), created before
 * the run clears or writes anything and deleted when the run ends, whatever its outcome. It holds
 * the writer's pid, host, start time and run id, and the writer touches it every
 * {@link #HEARTBEAT}.
 *
 * <p>A lock left by a killed run does not block for ever: it is stale when its writer ran on this
 * host and its process is gone, or, from another host, when it has not been touched for
 * {@link #STALE_AFTER}. A stale lock is taken over, with a line in the log.
 */
public final class OutputLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
    /** How often the writer touches its lock. */
    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    /** A lock from another host untouched for this long belongs to a run that is gone. */
    static final Duration STALE_AFTER = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final FileSystem fs;
    private final Path file;
    private final ScheduledExecutorService heartbeat;

    private OutputLock(FileSystem fs, Path file) {
        this.fs = fs;
        this.file = file;
        this.heartbeat = Tickers.daemon("ig-audit-output-lock");
        heartbeat.scheduleAtFixedRate(this::touch, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The writer a lock names. */
    record Holder(long pid, String host, Instant started, String runId) {

        String describe() {
            return "pid " + pid + " on host " + host + ", started " + TIME.format(started);
        }
    }

    /** The lock file of an output folder, qualified by its filesystem. */
    static Path lockFile(FileSystem fs, Path outputFolder) {
        Path folder = fs.makeQualified(outputFolder);
        Path parent = folder.getParent() == null ? folder : folder.getParent();
        return new Path(parent, "." + folder.getName() + ".ig-audit-lock");
    }

    /**
     * Fails when another live run holds the output's lock; touches nothing (for the start of a run,
     * before its checks).
     *
     * @throws ConfigException naming the other run
     */
    public static void requireFree(String outputPath, Configuration hadoop) {
        Path folder = new Path(outputPath);
        try {
            FileSystem fs = folder.getFileSystem(hadoop);
            liveHolder(fs, lockFile(fs, folder)).ifPresent(holder -> {
                throw busy(outputPath, holder);
            });
        } catch (IOException e) {
            throw new ConfigException("output.path " + outputPath + " cannot be checked: " + Messages.firstLine(e), e);
        }
    }

    /**
     * Takes the output's lock, taking over a stale one.
     *
     * @throws ConfigException naming the other run when a live one holds it
     */
    public static OutputLock take(String outputPath, String runId, Configuration hadoop) {
        Path folder = new Path(outputPath);
        try {
            FileSystem fs = folder.getFileSystem(hadoop);
            Path file = lockFile(fs, folder);
            for (int attempt = 0; attempt < 2; attempt++) {
                if (create(fs, file, runId)) {
                    return new OutputLock(fs, file);
                }
                Optional<Holder> live = liveHolder(fs, file);
                if (live.isPresent()) {
                    throw busy(outputPath, live.get());
                }
                fs.delete(file, false); // stale: its run is gone
            }
            throw new ConfigException("output.path " + outputPath + ": could not take the lock " + file
                    + " (another run keeps taking it); try again");
        } catch (IOException e) {
            throw new ConfigException("output.path " + outputPath + " cannot be locked: " + Messages.firstLine(e), e);
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            fs.delete(file, false);
        } catch (IOException e) {
            LOG.warn("could not delete the output lock {}: {}; the next run takes it over once this process is gone",
                    file, e.toString());
        }
    }

    private void touch() {
        try {
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not touch the output lock {}", file, e);
        }
    }

    /** Creates the lock file if there is none (atomically where the filesystem can). */
    private static boolean create(FileSystem fs, Path file, String runId) throws IOException {
        if (fs.exists(file)) {
            return false;
        }
        Map<String, Object> holder = new LinkedHashMap<>();
        holder.put("pid", ProcessHandle.current().pid());
        holder.put("host", host());
        holder.put("started", Instant.now().toString());
        holder.put("run_id", runId);
        try (OutputStream out = fs.create(file, false)) {
            out.write(JSON.writeValueAsBytes(holder));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** The holder of an existing lock whose run is alive; empty when there is no lock or it is stale. */
    static Optional<Holder> liveHolder(FileSystem fs, Path file) throws IOException {
        if (!fs.exists(file)) {
            return Optional.empty();
        }
        Holder holder;
        try (InputStream in = fs.open(file)) {
            JsonNode json = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            holder = new Holder(json.get("pid").asLong(), json.get("host").asText(), Instant.parse(json.get("started").asText()),
                    json.get("run_id").asText());
        } catch (IOException | RuntimeException e) {
            // unreadable: a writer died while creating it, or it is being created now; judged by its age
            holder = null;
        }
        long age = System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime();
        boolean fresh = age < STALE_AFTER.toMillis();
        if (holder == null) {
            return fresh ? Optional.of(new Holder(-1, "unknown", Instant.ofEpochMilli(System.currentTimeMillis() - age), "")) : Optional.empty();
        }
        boolean alive = holder.host().equals(host())
                ? ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false)
                : fresh;
        if (!alive) {
            LOG.info("taking over the output lock {} of a run that is gone ({})", file, holder.describe());
        }
        return alive ? Optional.of(holder) : Optional.empty();
    }

    private static ConfigException busy(String outputPath, Holder holder) {
        return new ConfigException("another run (" + holder.describe() + ") is writing to output.path " + outputPath
                + "; wait for it to finish or choose another output.path (a lock left by a killed run is taken over once its"
                + " process is gone, or after " + STALE_AFTER.toMinutes() + " minutes without a heartbeat from another host)");
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
