package io.igaudit.testing;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of the test JVM, shared by every test class that needs Spark: local[2],
 * bound to 127.0.0.1, no web UI, 4 shuffle partitions. It is never stopped by the tests (the JVM's
 * exit stops it); should something stop it anyway (e.g. {@code Main}, which stops its session),
 * the next {@link #get()} starts a new one.
 */
public final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {}

    /** The shared session, started on first use. */
    public static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            // Spark's default log4j profile logs INFO to the console; the tests only need warnings.
            Configurator.setRootLevel(Level.WARN);
            Configurator.setLevel("org.apache.spark", Level.WARN);
            Configurator.setLevel("org.apache.parquet", Level.ERROR);
            Configurator.setLevel("org.apache.hadoop", Level.ERROR);
            session = SparkSession.builder()
                    .appName("ig-audit-tests")
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }
}
