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

    /**
     * Why the input could not be read, for a message: a CSV line Spark's parser did not take, quoted
     * with its usual causes; else the error's first line and {@code hint}.
     */
    public static String readFailure(Throwable error, String hint) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            java.util.regex.Matcher line = MALFORMED_CSV.matcher(String.valueOf(t.getMessage()));
            if (line.find()) {
                return "a malformed CSV line \"" + line.group(1) + "\" in input.path (another number of fields than the header, an "
                        + "unbalanced quote, or a line break inside a line, such as a carriage return before an added column)";
            }
        }
        return firstLine(error) + " " + hint;
    }

    private static final java.util.regex.Pattern MALFORMED_CSV =
            java.util.regex.Pattern.compile("Malformed CSV record: (.{0,200}?)\\s*(?:SQLSTATE|$)");

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
