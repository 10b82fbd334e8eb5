package io.igaudit.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;

import io.igaudit.config.ConfigException;
import io.igaudit.config.ImagesConfig;
import io.igaudit.config.InputConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Image files as rows ({@code input.format = images}): Spark's binaryFile source lists and reads
 * them, and each file's bytes are decoded on the executors ({@link ImageDecoder}) into the feature
 * column {@code pixels}, beside {@code path} and, with {@code input.images.label = folder}, {@code label}.
 * Or the image bytes of a binary column ({@code input.images.column}), decoded the same way.
 * A file that cannot be used has null pixels and its reason in a hidden column, which
 * {@link #valid} and {@link #reason} read.
 */
public final class ImageFiles {

    private static final String PATH = ImagesConfig.PATH;
    private static final String LABEL = ImagesConfig.LABEL;
    private static final String PIXELS = ImagesConfig.PIXELS;
    /** Why a file's pixels are null. */
    static final String PROBLEM = "_ig_audit_image_problem";
    private static final String DECODED = "_ig_audit_decoded";

    private ImageFiles() {}

    /** The files under input.path that input.images.glob names, decoded lazily (only the listing happens here). */
    public static Dataset<Row> read(SparkSession spark, InputConfig input) {
        ImagesConfig images = input.images();
        Dataset<Row> files;
        try {
            files = spark.read().format("binaryFile").option("pathGlobFilter", images.glob())
                    .option("recursiveFileLookup", String.valueOf(images.recursive())).load(input.path());
        } catch (Exception e) {
            throw new ConfigException("input.path " + input.path() + " could not be listed for image files: "
                    + Messages.firstLine(e), e);
        }
        if (files.select(PATH).isEmpty()) {
            throw new ConfigException("input.path " + input.path() + " holds no file named like input.images.glob "
                    + images.glob() + (images.recursive() ? "" : " (sub-folders are not read: input.images.recursive = false)"));
        }
        List<Column> kept = new ArrayList<>();
        kept.add(col(PATH));
        if (images.labelFromFolder()) {
            kept.add(element_at(split(col(PATH), "/"), -2).as(LABEL));
        }
        return decoded(files, col("content"), kept, input);
    }

    /**
     * The input's rows with the image bytes of input.images.column decoded into {@code pixels} (and
     * the hidden problem column), the bytes left out: every other column stays.
     */
    public static Dataset<Row> decodeColumn(Dataset<Row> frame, InputConfig input) {
        String column = input.images().byteColumn().orElseThrow();
        org.apache.spark.sql.types.StructField field = FeatureLayout.field(frame.schema(), column, "input.images.column");
        if (!(field.dataType() instanceof org.apache.spark.sql.types.BinaryType)) {
            throw new ConfigException("input.images.column '" + column + "' has type " + field.dataType().simpleString()
                    + "; it must be binary (the bytes of an image file such as a PNG or JPEG)");
        }
        if (Arrays.asList(frame.columns()).contains(PIXELS)) {
            throw new ConfigException(input.source() + " has a column '" + PIXELS + "', which input.images.column's decoded "
                    + "images would take: rename it");
        }
        List<Column> kept = new ArrayList<>();
        for (String name : frame.columns()) {
            if (!name.equals(column)) {
                kept.add(col(RowValidity.quote(name)));
            }
        }
        return decoded(frame, col(RowValidity.quote(column)), kept, input);
    }

    /** {@code kept}, then the decoded pixels and the hidden problem column. */
    private static Dataset<Row> decoded(Dataset<Row> rows, Column content, List<Column> kept, InputConfig input) {
        ImageDecoder decoder = new ImageDecoder(input.images(), input.shape());
        UserDefinedFunction decode = org.apache.spark.sql.functions.udf((UDF1<byte[], Row>) bytes -> {
            ImageDecoder.Decoded result = decoder.decode(bytes);
            return RowFactory.create(result.pixels(), result.problem());
        }, new StructType().add(PIXELS, DataTypes.createArrayType(DataTypes.FloatType, false)).add("problem", DataTypes.StringType))
                // Nondeterministic, so that the optimiser decodes each image once, not once per field read.
                .asNondeterministic();
        List<Column> first = new ArrayList<>(kept);
        first.add(decode.apply(content).as(DECODED));
        Dataset<Row> withDecoded = rows.select(first.toArray(Column[]::new));
        List<Column> unpacked = new ArrayList<>();
        for (String name : withDecoded.columns()) {
            if (!name.equals(DECODED)) {
                unpacked.add(col(RowValidity.quote(name)));
            }
        }
        unpacked.add(col(DECODED + "." + PIXELS).as(PIXELS));
        unpacked.add(col(DECODED + ".problem").as(PROBLEM));
        return withDecoded.select(unpacked.toArray(Column[]::new));
    }

    /** Whether the input has image files' problem column. */
    private static boolean present(StructType schema) {
        return Arrays.asList(schema.fieldNames()).contains(PROBLEM);
    }

    /** {@code valid}, and false for a file that could not be used. */
    public static Column valid(StructType schema, Column valid) {
        return present(schema) ? col(PROBLEM).isNull().and(valid) : valid;
    }

    /** Why a file could not be used, else {@code reason}. */
    public static Column reason(StructType schema, Column reason) {
        return present(schema) ? when(col(PROBLEM).isNotNull(), col(PROBLEM)).otherwise(reason) : reason;
    }
}
