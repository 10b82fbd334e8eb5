package io.igaudit.config;

/** Where the audit history lives: a Parquet folder of its own, or a catalog table beside the output tables. */
public sealed interface HistoryLocation {

    /** The location as messages name it, with the key that sets it. */
    String describe();

    /** The folder, or the table's name. */
    String place();

    /**
     * A Parquet folder each run appends one file to ({@code audit.history-path}).
     *
     * @param path a local path or Hadoop URI
     */
    record Folder(String path) implements HistoryLocation {
        @Override
        public String describe() {
            return "audit.history-path " + path;
        }

        @Override
        public String place() {
            return path;
        }
    }

    /**
     * The Iceberg table {@code <output.table-prefix>_history}, appended to in the run's commit of its tables.
     *
     * @param name the table's name as configured ({@code [catalog.]namespace.table})
     */
    record Table(String name) implements HistoryLocation {
        @Override
        public String describe() {
            return "the history table " + name + " (output.table-prefix)";
        }

        @Override
        public String place() {
            return name;
        }
    }
}
