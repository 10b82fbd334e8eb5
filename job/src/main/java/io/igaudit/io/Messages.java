package io.igaudit.io;

/** Short, one-line forms of exception messages for people. */
public final class Messages {

    private Messages() {}

    /** The first line of the deepest useful message in a chain, at most 400 characters. */
    public static String firstLine(Throwable error) {
        String message = null;
        for (Throwable t = error; t != null && message == null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            return error.getClass().getSimpleName();
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    /** {@link #firstLine} without Spark's leading [ERROR_CLASS] and its trailing SQLSTATE and plan. */
    public static String withoutSparkCodes(Throwable error) {
        return firstLine(error).replaceFirst("^\\[[A-Z_.]+\\]\\s*", "").replaceFirst("\\s*SQLSTATE: .*$", "");
    }

    /**
     * "KEY LOCATION does not exist", with the full path that was looked for when the location was
     * relative (relative paths are taken from the folder the job runs in).
     */
    public static String missing(String key, String location, org.apache.hadoop.fs.FileSystem fs, org.apache.hadoop.fs.Path path) {
        String tried = path.isAbsolute() || path.toUri().getScheme() != null ? "" : " (looked for " + fs.makeQualified(path) + ")";
        return key + " " + location + " does not exist" + tried + "; check the path";
    }
}
