package io.igaudit.partition;

import io.igaudit.io.ModelFile;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelCache;
import io.igaudit.model.ModelException;
import io.igaudit.model.TorchScriptModel;
import io.igaudit.model.TorchThreads;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/** This executor JVM's model for a task: verified, loaded once per JVM and device, shared by tasks. */
final class ExecutorModels {

    private ExecutorModels() {}

    /** The model for the spec, on the GPU Spark assigned to this task if it assigned one. */
    static TorchScriptModel forTask(PartitionSpec spec) {
        PartitionSpec.TaskModel file = spec.model();
        TorchThreads.configure(file.threadsPerTask());
        Path local = ModelFile.localVerified(file.location(), file.sha256(), hadoopConf(file));
        DeviceChoice device = assignedDevice(file.device());
        TorchScriptModel model;
        try {
            model = ModelCache.get(local, device);
        } catch (ModelException e) {
            // Loaded from a local copy named after its hash: name the configured file too.
            throw new ModelException("model.path " + file.location() + ": " + e.getMessage(), e);
        }
        spec.counters().executorReports().add(new ExecutorReport(executorId(), host(), pid(), model.device(), ModelCache.loadCount()));
        return model;
    }

    /** Runs a model call of a task, its failure naming the configured model file (the task loads a copy named after its hash). */
    static void namingTheModel(PartitionSpec spec, Runnable call) {
        try {
            call.run();
        } catch (ModelException e) {
            String message = "model.path " + spec.model().location() + ": " + e.getMessage();
            throw e.isConfigurationProblem() ? ModelException.configurationProblem(message) : new ModelException(message, e);
        }
    }

    /** A task with a "gpu" resource uses its first address; otherwise the configured device. */
    private static DeviceChoice assignedDevice(DeviceChoice configured) {
        TaskContext task = TaskContext.get();
        if (task == null || configured.kind() == DeviceChoice.Kind.CPU) {
            return configured;
        }
        ResourceInformation gpus = task.resources().get("gpu").getOrElse(() -> null);
        if (gpus == null || gpus.addresses().length == 0) {
            return configured;
        }
        return new DeviceChoice(DeviceChoice.Kind.GPU, Integer.parseInt(gpus.addresses()[0].trim()));
    }

    private static Configuration hadoopConf(PartitionSpec.TaskModel file) {
        Configuration conf = new Configuration(false);
        file.hadoopConf().forEach(conf::set);
        return conf;
    }

    private static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "driver" : env.executorId();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    private static String pid() {
        return ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
    }
}
