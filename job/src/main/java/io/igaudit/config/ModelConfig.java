package io.igaudit.config;

import io.igaudit.model.DeviceChoice;

/**
 * Which model and where it runs.
 *
 * @param path TorchScript file: local path or Hadoop URI
 * @param device auto, cpu or gpu[:N]
 * @param threadsPerTask libtorch intra-op threads per Spark task slot
 */
public record ModelConfig(String path, DeviceChoice device, int threadsPerTask) {}
