package io.igaudit.config;

import java.util.List;
import java.util.Optional;

/**
 * What to read.
 *
 * @param path the dataset, a local path or Hadoop URI; empty when {@code table} names the input
 * @param table a table of Spark's catalog; empty when {@code path} names the input
 * @param where a Spark SQL predicate selecting the rows to audit; empty for every row
 * @param format parquet, csv, json or orc (for a path)
 * @param idColumns columns copied to the output
 * @param features named numeric feature columns (empty when {@code featureColumn} is given)
 * @param featureColumn one array column holding all features of a row
 * @param shape tensor shape of one row; empty for a flat vector
 * @param onInvalidRow what to do with rows holding null, NaN or infinite features
 * @param classNames the names of the model's outputs, index = output (empty: numbers only)
 * @param encoding the character set of CSV and JSON files (a name Java knows, e.g. UTF-8, ISO-8859-1)
 * @param sinceLastAudit read only the rows added to the Iceberg table since the snapshot the last audit read
 * @param sample the share of rows audited and the seed that picks them
 * @param images how image files are read and preprocessed (with format images)
 */
public record InputConfig(
        String path,
        Optional<String> table,
        Optional<String> where,
        String format,
        List<String> idColumns,
        List<String> features,
        Optional<String> featureColumn,
        List<Integer> shape,
        InvalidRowPolicy onInvalidRow,
        List<String> classNames,
        String encoding,
        boolean sinceLastAudit,
        SampleSpec sample,
        ImagesConfig images) {

    /** input.since's one value: the rows added since the snapshot that the last audit read. */
    public static final String SINCE_LAST_AUDIT = "last-audit";

    /** Input formats Spark reads for us. */
    public static final List<String> FORMATS = List.of("parquet", "csv", "json", "orc", "images");

    /** Copies the lists. */
    public InputConfig {
        idColumns = List.copyOf(idColumns);
        features = List.copyOf(features);
        shape = List.copyOf(shape);
        classNames = List.copyOf(classNames);
    }

    /** The configured input as messages name it: {@code input.path P} or {@code input.table T}. */
    public String source() {
        return table.map(name -> "input.table " + name).orElse("input.path " + path);
    }

    /** The input's identity in the history: the table's name or the path. */
    public String location() {
        return table.orElse(path);
    }

    /** Whether the input is image files, decoded into the feature column {@code pixels}. */
    public boolean imageFiles() {
        return files("images");
    }

    /** Whether rows' images are decoded into the feature column {@code pixels}: image files, or a column of image bytes. */
    public boolean decodesImages() {
        return imageFiles() || images.byteColumn().isPresent();
    }

    /** Whether the input is read from files of this format (a table has no files to parse). */
    public boolean files(String fileFormat) {
        return table.isEmpty() && format.equals(fileFormat);
    }

    /** What happens to a row with a null, NaN or infinite feature. */
    public enum InvalidRowPolicy {
        /** Stop the job, naming the first such row. */
        FAIL,
        /** Leave the row out, counting it. */
        SKIP,
        /** Write the row to {@code <output.path>/rejected/} with a reason, counting it. */
        QUARANTINE
    }
}
