package io.igaudit.pipeline;

import io.igaudit.config.JobConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The Spark session for a job: spark-submit's settings, then the job's {@code spark.*} keys. */
public final class SparkSessions {

    private SparkSessions() {}

    /**
     * A session for the job. Without a master from spark-submit or the configuration, Spark runs
     * embedded in local mode ({@code local[*]}), bound to 127.0.0.1 and without its web UI.
     */
    public static SparkSession open(JobConfig config) {
        SparkConf conf = new SparkConf(); // picks up spark-submit's spark.* system properties
        config.spark().forEach(conf::set);
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        conf.setIfMissing("spark.app.name", "ig-audit");
        // Progress counts of running tasks arrive with executor heartbeats (every 10 s by
        // default): beat as often as progress is logged, within 2 to 10 seconds.
        long beatSeconds = Math.max(2, Math.min(10, config.progressInterval().toSeconds()));
        conf.setIfMissing("spark.executor.heartbeatInterval", beatSeconds + "s");
        conf.setIfMissing("spark.sql.debug.maxToStringFields", "1000");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
