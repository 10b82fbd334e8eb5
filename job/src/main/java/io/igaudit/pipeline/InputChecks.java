package io.igaudit.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.igaudit.config.ConfigException;
import io.igaudit.config.InputConfig;
import io.igaudit.config.JobConfig;
import io.igaudit.config.TargetSpec;
import io.igaudit.history.RunRecord;
import io.igaudit.history.RunTags;
import io.igaudit.ig.Method;
import io.igaudit.io.Baselines;
import io.igaudit.io.CsvColumnTypes;
import io.igaudit.io.CorruptLines;
import io.igaudit.io.CsvNumbers;
import io.igaudit.io.FeatureLayout;
import io.igaudit.io.ImageFiles;
import io.igaudit.io.InputProfile;
import io.igaudit.io.InputReader;
import io.igaudit.io.Messages;
import io.igaudit.io.ModelFile;
import io.igaudit.io.OutputSchemas;
import io.igaudit.io.PackedFeatures;
import io.igaudit.io.RowSampling;
import io.igaudit.io.RowValidity;
import io.igaudit.io.ScanFilters;
import io.igaudit.io.SliceColumns;
import io.igaudit.io.TableSnapshots;
import io.igaudit.io.ValidRows;
import io.igaudit.stats.SliceGroups;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelException;
import io.igaudit.model.ModelProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first stage: every check that can fail on bad configuration or input, before anything is
 * written. The input's rows and columns, one scan of it, the model on a probe row, the targets
 * against the model, invalid rows, baselines and the earlier run to compare with; a failure is a
 * {@link ConfigException} naming the key or column and the fix.
 */
final class InputChecks {

    private static final Logger LOG = LoggerFactory.getLogger(InputChecks.class);
    private static final List<String> RESERVED = List.of(OutputSchemas.TARGET, OutputSchemas.PREDICTION,
            OutputSchemas.BASELINE_PREDICTION, OutputSchemas.ATTRIBUTIONS, OutputSchemas.DELTA, OutputSchemas.DELTA_OK);

    private final SparkSession spark;
    private final JobConfig config;
    private final Configuration hadoop;
    private final AuditTrail trail;
    private final TargetChecks targets;
    private final PlainModelChecks plain;
    private Dataset<Row> cached;
    private Dataset<Row> unsampled;
    private ScanFilters scan = ScanFilters.NONE;
    private Optional<TableSnapshots.Range> snapshots = Optional.empty();
    private String modelSha256;

    InputChecks(SparkSession spark, JobConfig config, AuditTrail trail) {
        this.spark = spark;
        this.config = config;
        this.hadoop = spark.sparkContext().hadoopConfiguration();
        this.trail = trail;
        this.targets = new TargetChecks(config);
        this.plain = new PlainModelChecks(spark, config);
    }

    /** Runs every check; what they found. */
    CheckedInput run() {
        // The model file first, before Spark reads the input (Main's FileChecks parsed the small local files).
        modelSha256();
        LOG.info("checks: model file found; reading {}", config.input().source());
        snapshots = config.input().table().flatMap(this::tableSnapshots);
        try {
            return withSlices(checkRead(csvTypes()));
        } catch (UnparsedNumber e) {
            // A feature cell the CSV parser does not take (NA, None, +inf, text) or a malformed line:
            // read the file as text, where each is told apart.
            LOG.info("input.path {}: {} line(s) not read as numbers in every feature column (NA, None, text or a "
                    + "malformed line); reading the input again as text", config.input().path(), e.lines);
            release();
            return withSlices(checkRead(InputReader.CsvTypes.TEXT));
        }
    }

    /** The slices of audit.slices in the valid rows: one query per slice column (exit 2 for a bad entry). */
    private CheckedInput withSlices(CheckedInput checked) {
        if (config.audit().slices().slices().isEmpty()) {
            return checked;
        }
        LOG.info("checks: finding the slices of audit.slices {}", config.audit().slices().slices().stream()
                .map(io.igaudit.config.SliceConfig.Slice::text).toList());
        SliceColumns slices = SliceColumns.of(checked.input().filter(checked.valid()), config.audit().slices(),
                config.input().source());
        long bytes = SliceGroups.bytesPerTask(slices.names().size(), checked.layout().elementsPerRow());
        if (bytes > SliceGroups.MAX_BYTES_PER_TASK) {
            throw new ConfigException("audit.slices: " + slices.names().size() + " slices of " + checked.layout().elementsPerRow()
                    + " attributed features would hold " + (bytes >> 20) + " MiB per task, more than "
                    + (SliceGroups.MAX_BYTES_PER_TASK >> 20) + " MiB; use fewer slices (audit.slice-values, fewer entries)");
        }
        return checked.withSlices(slices);
    }

    private CheckedInput checkRead(InputReader.CsvTypes csvTypes) {
        unsampled = InputReader.read(spark, config.input(), csvTypes, snapshots);
        Dataset<Row> raw = RowSampling.apply(unsampled, config);
        if (config.input().where().isPresent()) {
            scan = ScanFilters.of(raw);
            LOG.info("input.where pushed into the scan: partition filters {}, pushed filters {}{}", scan.partitionFilters(),
                    scan.pushedFilters(), scan.tableScans().isEmpty() ? "" : ", table scans " + scan.tableScans());
        }
        try {
            return check(raw, csvTypes);
        } catch (ConfigException e) {
            // A header-only CSV has string columns: when the input is empty, that is the real news.
            requireReadableRows(raw);
            throw e;
        }
    }

    /**
     * The snapshots to read of an Iceberg input.table: from the one the last audit read, with
     * input.since = last-audit, else the whole table as of its current snapshot.
     *
     * @throws NothingToAudit when input.since finds nothing appended since the last audit
     */
    private Optional<TableSnapshots.Range> tableSnapshots(String table) {
        InputConfig input = config.input();
        Optional<TableSnapshots.LastRead> last = input.sinceLastAudit() ? trail.lastSnapshotRead(tags()) : Optional.empty();
        Optional<TableSnapshots.Range> range = TableSnapshots.plan(spark, table, input.sinceLastAudit(), last);
        range.ifPresent(r -> {
            if (input.sinceLastAudit() && (r.nothingNew() || r.upTo() < 0)) {
                throw new NothingToAudit(r.upTo() < 0 ? "input.table " + table + " has no snapshot yet: nothing to audit"
                        : "nothing was appended to input.table " + table + " since snapshot " + r.upTo() + ", which run "
                        + r.afterRunId().orElse("?") + " read (input.since = last-audit)");
            }
            if (!r.skipped().isEmpty()) {
                LOG.warn("input.since = last-audit: snapshot(s) {} of {} are not appends; only appended rows are audited",
                        String.join(", ", r.skipped()), table);
            }
            LOG.info("input.table {}: reading snapshot {}{}: {} data file(s), {} row(s) in them", r.table(), r.upTo(),
                    r.after().isPresent() ? " after snapshot " + r.after().getAsLong() + " (input.since = last-audit)" : "",
                    r.files(), r.rowsInFiles());
        });
        return range;
    }

    /** The run's tags in the history. */
    private RunTags tags() {
        return new RunTags(modelSha256(), config.input().location(), RunTags.configHash(config), config.audit().tags());
    }

    /**
     * A CSV's features are parsed as numbers by the reader and its other columns typed by the checks'
     * scan, unless the layer path or a target column needs the column types before that scan: then
     * Spark infers them (reading the files once more).
     */
    private InputReader.CsvTypes csvTypes() {
        return config.tensors().configured() || config.attribution().target() instanceof TargetSpec.Column
                ? InputReader.CsvTypes.INFERRED : InputReader.CsvTypes.NUMBERS;
    }

    /** The profile scan of a CSV read with {@link InputReader.CsvTypes#NUMBERS} met a line the reader did not take. */
    private static final class UnparsedNumber extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long lines;

        UnparsedNumber(long lines) {
            super(null, null, false, false);
            this.lines = lines;
        }
    }

    private CheckedInput check(Dataset<Row> raw, InputReader.CsvTypes csvTypes) {
        InputConfig input = config.input();
        CsvNumbers numbers = CsvNumbers.of(raw.schema(), input);
        Dataset<Row> scanned = numbers.withTextFlag(raw);
        Optional<PackedFeatures> packed = Optional.empty();
        if (input.files("csv") || input.files("json") || input.sample().sampled()) {
            // Parsing text costs more than attributing a small model's row, and a sample is a small
            // part of the rows read: the profile scan keeps the parsed (or sampled) rows in Spark's
            // cache (memory, then local disk) for the attribution pass, which then reads no file;
            // named features are cached as one array column (PackedFeatures).
            StructType unpacked = scanned.schema();
            packed = config.tensors().configured() || input.featureColumn().isPresent() ? Optional.empty()
                    : PackedFeatures.of(unpacked, input.features());
            cached = (packed.isPresent() ? packed.get().pack(scanned,
                    CorruptLines.valid(unpacked, RowValidity.isValid(Optional.empty(), input.features()))) : scanned)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            scanned = packed.isPresent() ? packed.get().unpack(cached, unpacked) : cached;
        }
        Dataset<Row> frame = numbers.withoutTextFlag(scanned).drop(InputReader.UNPARSED_LINE);
        boolean csv = input.files("csv");
        boolean parsedByReader = csv && csvTypes == InputReader.CsvTypes.NUMBERS;
        // Read with NUMBERS, a line the reader did not take counts as text; the run then reads the file as text.
        Column textRow = parsedByReader ? col(InputReader.UNPARSED_LINE).isNotNull() : numbers.textFlag();
        StructType schema = frame.schema();
        for (String id : input.idColumns()) {
            FeatureLayout.field(schema, id, "input.id-columns");
            if (RESERVED.contains(id)) {
                throw new ConfigException("input.id-columns names '" + id + "', which is also an output column; "
                        + "rename it in the input (output columns: " + String.join(", ", RESERVED) + ")");
            }
        }
        Optional<String> targetColumn = targets.targetColumn(schema);
        if (config.tensors().configured()) {
            return layer(frame, targetColumn);
        }
        input.featureColumn().ifPresent(column -> FeatureLayout.checkArrayColumnType(schema, column));
        FeatureLayout columnsLayout = input.featureColumn().isEmpty() ? FeatureLayout.forColumns(schema, input) : null;
        // The other columns of a CSV read without inference (ids, kept in rejected/): typed from their cells' kinds.
        List<String> untyped = csv && csvTypes != InputReader.CsvTypes.INFERRED
                ? InputReader.visibleColumns(frame).stream().filter(name -> !input.features().contains(name)).toList()
                : List.of();

        String sha256 = modelSha256();
        RunTags tags = tags();
        Optional<RunRecord> earlier = trail.earlier(tags, config.output().path());
        Optional<RunRecord> reference = trail.reference();
        Column validRow = packed.isPresent() ? col(PackedFeatures.VALID)
                : ImageFiles.valid(schema, CorruptLines.valid(schema, RowValidity.isValid(input.featureColumn(), input.features())));
        Column reason = ImageFiles.reason(schema,
                CorruptLines.reason(schema, RowValidity.invalidReason(input.featureColumn(), input.features())));
        boolean expectedGradients = config.attribution().method() == Method.EXPECTED_GRADIENTS;
        boolean meanInProfile = !expectedGradients
                && Baselines.meanFromProfile(config.attribution().baseline(), input.featureColumn().isEmpty());
        LOG.info("checks: scanning the input (rows, invalid rows, column types)");
        List<String> meanColumns = meanInProfile ? input.features() : List.of();
        ValidRows validRows = featuresReadAsTheyAre(packed.isPresent()) ? new ValidRows.FloatFeatures(input.features())
                : new ValidRows.ByExpression(validRow);
        InputProfile profile = InputProfile.scan(scanned, validRows, input.featureColumn(), targetColumn, textRow, meanColumns,
                untyped.stream().map(CsvColumnTypes::cellKind).toList());
        if (parsedByReader && profile.textRows() > 0) {
            throw new UnparsedNumber(profile.textRows());
        }
        requireRows(profile);
        frame = CsvColumnTypes.typed(frame, untyped, profile.columnKinds());
        if (profile.textRows() > 0) {
            release(); // the run stops here; the message needs each row's file, which cached rows lack
        }
        numbers.requireNumbers(spark, raw, profile.textRows(), input.idColumns());
        FeatureLayout layout = columnsLayout != null ? columnsLayout : plain.arrayLayout(schema, profile);
        trail.checkFeatureThresholds(layout.names());
        LOG.info("checks: {} rows found; probing the model on a few rows", profile.rows());
        PlainModelChecks.ProbedModel probed = plain.probeModel(sha256, layout);
        int width = probed.plain().outputWidth();
        targets.checkTargets(profile, width, targetColumn);
        checkInvalidRows(frame.filter(not(validRow)), reason, profile);
        Dataset<Row> valid = frame.filter(validRow);
        return new CheckedInput(frame, validRow, reason, layout, profile, scan, snapshots, sha256, width,
                Targets.of(config.attribution().target(), width, targetColumn),
                new ModelInput.Plain(layout, targetColumn, plain.plan(valid, layout, profile), packed.isPresent(),
                        config.attribution().xraiIfChosen()), tags,
                earlier, reference,
                new CheckedInput.DriverModel(probed.device(), probed.plain().affineHead(), false,
                        TargetChecks.classNames(config.input().classNames(), "input.class-names", width)),
                rowsBeforeSample(), SliceColumns.NONE);
    }

    /**
     * True when a row's validity is that of its named feature columns alone, as they are in the files
     * (no CSV or JSON line that did not parse, no image file, no sample kept in the cache): the
     * profile then checks them in Java ({@link ValidRows.FloatFeatures}).
     */
    private boolean featuresReadAsTheyAre(boolean cached) {
        InputConfig input = config.input();
        return !cached && input.featureColumn().isEmpty() && !input.decodesImages() && !input.files("csv") && !input.files("json");
    }

    /** The checks for a model with several or integer inputs, explained at its layer ({@code input.tensors}). */
    private CheckedInput layer(Dataset<Row> frame, Optional<String> targetColumn) {
        String sha256 = modelSha256();
        RunTags tags = tags();
        Optional<RunRecord> earlier = trail.earlier(tags, config.output().path());
        Optional<RunRecord> reference = trail.reference();
        LayerInputs.Checked layer;
        String device;
        try {
            DeviceChoice choice = config.model().device();
            ModelProbe model = ModelProbe.load(ModelFile.localVerified(config.model().path(), sha256, hadoop),
                    choice.kind() == DeviceChoice.Kind.GPU ? DeviceChoice.AUTO : choice);
            layer = LayerInputs.validate(spark, config, frame, model, targetColumn, hadoop);
            device = model.device();
        } catch (ModelException e) {
            throw new ConfigException("model.path " + config.model().path() + ": " + e.getMessage(), e);
        }
        InputProfile profile = layer.profile().base();
        requireRows(profile);
        trail.checkFeatureThresholds(layer.features().names());
        targets.checkTargets(profile, layer.outputWidth(), targetColumn);
        checkInvalidRows(frame.filter(not(layer.valid())), layer.reason(), profile);
        return new CheckedInput(frame, layer.valid(), layer.reason(), layer.features(), profile, scan, snapshots, sha256,
                layer.outputWidth(),
                Targets.of(config.attribution().target(), layer.outputWidth(), targetColumn),
                new ModelInput.Layer(layer, config.attribution().integration()), tags, earlier, reference,
                new CheckedInput.DriverModel(device, false, true, config.input().classNames().isEmpty()
                        ? TargetChecks.classNames(layer.labelNames(), "the label.names of input.category-names", layer.outputWidth())
                        : TargetChecks.classNames(config.input().classNames(), "input.class-names", layer.outputWidth())),
                rowsBeforeSample(), SliceColumns.NONE);
    }

    /**
     * With input.sample, the input's rows before sampling, counted where that is cheap: Parquet and ORC
     * files and tables answer from their metadata and the where condition's columns; CSV and JSON
     * would be parsed whole again, so their count stays unknown.
     */
    private OptionalLong rowsBeforeSample() {
        if (!config.input().sample().sampled() || config.input().files("csv") || config.input().files("json")) {
            return OptionalLong.empty();
        }
        long rows = unsampled.count();
        LOG.info("checks: input.sample kept the rows of a hash below {} of {} rows", config.input().sample().fraction(), rows);
        return OptionalLong.of(rows);
    }

    /** The model file's hash, read once (the checks may run twice on a CSV, see {@link #run}). */
    private String modelSha256() {
        if (modelSha256 == null) {
            modelSha256 = ModelFile.sha256(config.model().path(), hadoop);
        }
        return modelSha256;
    }

    /** Frees the parsed rows kept for the attribution pass, if any. */
    void release() {
        if (cached != null) {
            cached.unpersist(false);
            cached = null;
        }
    }

    private void requireRows(InputProfile profile) {
        if (profile.rows() == 0) {
            throw noRows();
        }
    }

    private RuntimeException noRows() {
        if (config.input().sample().sampled() && !unsampled.isEmpty()) {
            return new NothingToAudit("input.sample.fraction " + config.input().sample().fraction() + " selects no row of "
                    + config.input().source() + config.input().where().map(w -> " where \"" + w + "\"").orElse(""));
        }
        if (config.input().where().isPresent()) {
            return new NothingToAudit("input.where \"" + config.input().where().get() + "\" selects no row of "
                    + config.input().source());
        }
        return new ConfigException(config.input().source() + " holds no rows; there is nothing to audit");
    }

    /** After a failed check: an empty input is the news, whatever the check found (an unreadable one too). */
    private void requireReadableRows(Dataset<Row> frame) {
        boolean empty;
        try {
            empty = frame.isEmpty();
        } catch (Exception e) { // SparkException is checked but thrown undeclared from Scala
            throw new ConfigException(config.input().source() + " could not be read: "
                    + Messages.readFailure(e, "(a corrupt or unreadable file?)"), e);
        }
        if (empty) {
            throw noRows();
        }
    }

    private void checkInvalidRows(Dataset<Row> invalidRows, Column reason, InputProfile profile) {
        if (profile.invalidRows() == 0 || config.input().onInvalidRow() != InputConfig.InvalidRowPolicy.FAIL) {
            return;
        }
        List<Column> shown = new ArrayList<>();
        config.input().idColumns().forEach(id -> shown.add(col(RowValidity.quote(id))));
        shown.add(reason.as(OutputSchemas.REASON));
        Row first = invalidRows.select(shown.toArray(Column[]::new)).first();
        throw new ConfigException(profile.invalidRows() + " input row(s) have null, NaN or infinite features; the first "
                + (shown.size() > 1 ? "(" + describeIds(first) + ") " : "") + "has " + first.getString(first.length() - 1)
                + ". input.on-invalid-row = fail; set it to skip or quarantine to go on without them");
    }

    private String describeIds(Row row) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < config.input().idColumns().size(); i++) {
            parts.add(config.input().idColumns().get(i) + "=" + row.get(i));
        }
        return String.join(", ", parts);
    }
}
