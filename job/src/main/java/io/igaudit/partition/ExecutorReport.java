package io.igaudit.partition;

import java.io.Serializable;

/**
 * What a task reports about the executor JVM that ran it.
 *
 * @param executorId Spark's executor id ("driver" in local mode)
 * @param host the executor's host name
 * @param pid the executor JVM's process id
 * @param device the device its model runs on
 * @param modelsLoaded models this JVM had loaded when the task got its model
 */
public record ExecutorReport(String executorId, String host, String pid, String device, int modelsLoaded)
        implements Serializable {}
