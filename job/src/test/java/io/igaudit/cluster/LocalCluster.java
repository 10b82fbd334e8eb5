package io.igaudit.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster for one test class: a master and two workers started by
 * {@code scripts/local-cluster.sh} from the test JVM's classpath, on 127.0.0.1 and free ports,
 * and jobs submitted to it with {@code scripts/submit.sh} (client mode, one core per executor).
 */
final class LocalCluster implements AutoCloseable {

    /** The longest any one submitted run may take. */
    static final Duration RUN_LIMIT = Duration.ofMinutes(5);

    private static final String EXECUTOR_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

    private final Path root;
    private final Path work;
    private final Path dir;
    private final Path jar;
    private final Path bin;
    private final int port;
    private final int uiPort;
    private final List<Submission> submissions = new ArrayList<>();

    private LocalCluster(Path work) throws IOException {
        this.root = repositoryRoot();
        this.work = work;
        this.dir = work.resolve("cluster");
        this.jar = thinJar(work.resolve("ig-audit-thin.jar"));
        this.bin = work.resolve("bin");
        this.port = freePort();
        this.uiPort = freePort();
        writeClasspathFile();
        writeSparkSubmitShim();
    }

    /** Starts master and workers; returns once both workers have registered. */
    static LocalCluster start(Path work) throws Exception {
        LocalCluster cluster = new LocalCluster(work);
        long start = System.nanoTime();
        Path log = work.resolve("cluster-start.log");
        int rc = cluster.script("start", log, Duration.ofMinutes(2));
        if (rc != 0) {
            String why = Files.readString(log);
            cluster.close();
            throw new IllegalStateException("local-cluster.sh start exited " + rc + ":\n" + why);
        }
        System.out.printf("[cluster] master %s (web UI port %d), 2 workers x 1 core, started in %.1f s; state in %s%n",
                cluster.masterUrl(), cluster.uiPort, seconds(start), cluster.dir);
        return cluster;
    }

    /** {@code spark://127.0.0.1:PORT}. */
    String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    /** The repository root (the tests run in job/). */
    Path root() {
        return root;
    }

    /**
     * Submits the job in the background: {@code scripts/submit.sh --master URL --deploy-mode client
     * --conf spark.executor.cores=1 --conf spark.cores.max=2 --conf spark.executor.memory=1g --
     * JOB-ARGS}, run from the repository root, its output in {@code NAME.log}; first waits until
     * the previous application's executors are gone.
     */
    Submission submit(String name, List<String> jobArgs) throws IOException {
        awaitNoExecutors(Duration.ofMinutes(1)); // the previous application's executors are gone
        List<String> command = new ArrayList<>(List.of("bash", "scripts/submit.sh", "--master", masterUrl(),
                "--deploy-mode", "client", "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2",
                "--conf", "spark.executor.memory=1g", "--"));
        command.addAll(jobArgs);
        Path log = work.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("SPARK_HOME");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("IG_JAR", jar.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        Submission submission = new Submission(name, builder.start(), log);
        synchronized (submissions) {
            submissions.add(submission);
        }
        return submission;
    }

    /** Submits and waits for the exit (at most {@link #RUN_LIMIT}). */
    Submission run(String name, List<String> jobArgs) throws Exception {
        Submission submission = submit(name, jobArgs);
        submission.await(RUN_LIMIT);
        return submission;
    }

    /** The executor JVMs running now: the workers' children running CoarseGrainedExecutorBackend. */
    List<ProcessHandle> executors() {
        return workerPids().stream()
                .flatMap(pid -> ProcessHandle.of(pid).stream())
                .flatMap(ProcessHandle::children)
                .filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains(EXECUTOR_CLASS))
                .sorted((a, b) -> Long.compare(a.pid(), b.pid()))
                .collect(Collectors.toList());
    }

    /** Waits until {@code count} executor JVMs run; returns them. */
    List<ProcessHandle> awaitExecutors(int count, Duration limit) {
        if (!waitUntil(limit, () -> executors().size() >= count)) {
            throw new AssertionError(count + " executors did not start within " + limit.toSeconds() + " s; running: "
                    + executors() + "\n" + logs());
        }
        return executors();
    }

    /** Waits until no executor JVM runs (the previous application is gone). */
    void awaitNoExecutors(Duration limit) {
        if (!waitUntil(limit, () -> executors().isEmpty())) {
            throw new AssertionError("executors still running after " + limit.toSeconds() + " s: " + executors());
        }
    }

    /** Master and worker logs, for failure messages. */
    String logs() {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                text.append("---- ").append(log.getFileName()).append('\n').append(tail(log, 3000));
            }
        } catch (IOException e) {
            text.append("(cluster logs unreadable: ").append(e).append(")");
        }
        return text.toString();
    }

    /** Stops any submission still running, then the cluster (by the script, then by PID if needed). */
    @Override
    public void close() throws Exception {
        synchronized (submissions) {
            submissions.forEach(Submission::kill);
        }
        List<Long> pids = new ArrayList<>(workerPids());
        masterPid().ifPresent(pids::add);
        List<ProcessHandle> executors = executors();
        script("stop", work.resolve("cluster-stop.log"), Duration.ofMinutes(1));
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        executors.forEach(ProcessHandle::destroyForcibly);
        removeJarLinks();
        System.out.println("[cluster] stopped");
    }

    /** The links to ~/.m2 in SPARK_HOME/jars go before the temp folder is deleted (JUnit warns per link). */
    private void removeJarLinks() {
        try (Stream<Path> links = Files.list(dir.resolve("spark-home").resolve("jars"))) {
            for (Path link : links.filter(Files::isSymbolicLink).toList()) {
                Files.delete(link);
            }
        } catch (IOException e) {
            // nothing linked, or the folder is gone already
        }
    }

    // ---------------------------------------------------------------- set-up

    private int script(String action, Path log, Duration limit) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/local-cluster.sh", action).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("IG_CLUSTER_PORT", Integer.toString(port));
        env.put("IG_CLUSTER_UI_PORT", Integer.toString(uiPort));
        env.put("IG_CLUSTER_DIR", dir.toString());
        env.put("IG_CLASSPATH_FILE", work.resolve("classpath.txt").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static Path repositoryRoot() {
        for (Path candidate : List.of(Path.of(".."), Path.of("."))) {
            if (Files.isRegularFile(candidate.resolve("scripts/local-cluster.sh"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("scripts/local-cluster.sh not found from " + Path.of("").toAbsolutePath());
    }

    /** The test JVM's classpath (Spark, DJL, ...): the script links its jars into the cluster's SPARK_HOME. */
    private void writeClasspathFile() throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Files.writeString(work.resolve("classpath.txt"), classpath);
    }

    /**
     * A {@code spark-submit} on the PATH for scripts/submit.sh: Spark's own launcher on the
     * cluster's jars, as submit.sh runs it without a Spark install, but without its Maven build.
     */
    private void writeSparkSubmitShim() throws IOException {
        Files.createDirectories(bin);
        Path shim = bin.resolve("spark-submit");
        Path sparkHome = dir.resolve("spark-home");
        Files.writeString(shim, String.join("\n",
                "#!/usr/bin/env bash",
                "# spark-submit for the cluster tests: SparkSubmit on the jars the cluster runs.",
                "source '" + root.resolve("scripts/lib.sh") + "'",
                "exec \"$IG_JAVA\" \"${IG_JVM_FLAGS[@]}\" -cp '" + sparkHome.resolve("conf") + ":" + sparkHome.resolve("jars")
                        + "/*' org.apache.spark.deploy.SparkSubmit \"$@\"",
                ""));
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The application jar: job/target/classes only (executors get the dependencies from SPARK_HOME/jars). */
    private static Path thinJar(Path jar) throws IOException {
        Path classes = Path.of("target", "classes").toAbsolutePath();
        if (!Files.isRegularFile(classes.resolve("io/igaudit/Main.class"))) {
            throw new IllegalStateException("compiled classes missing in " + classes);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.igaudit.Main");
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> paths = Files.walk(classes)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private List<Long> workerPids() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("worker-\\d+\\.pid"))
                    .map(LocalCluster::readPid).flatMap(java.util.Optional::stream).collect(Collectors.toList());
        } catch (IOException e) {
            return List.of();
        }
    }

    private java.util.Optional<Long> masterPid() {
        return readPid(dir.resolve("master.pid"));
    }

    private static java.util.Optional<Long> readPid(Path file) {
        try {
            return java.util.Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    // ---------------------------------------------------------------- small tools

    /** Polls every 200 ms until the condition holds or the limit passes; true if it held. */
    static boolean waitUntil(Duration limit, BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** Seconds since a System.nanoTime() value. */
    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The last {@code chars} characters of a text file. */
    static String tail(Path file, int chars) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.length() <= chars ? text : "..." + text.substring(text.length() - chars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Arguments in --set form, for the command line. */
    static List<String> sets(List<String> settings) {
        return settings.stream().flatMap(s -> Arrays.stream(new String[] {"--set", s})).collect(Collectors.toList());
    }
}
