package io.igaudit.pipeline;

import io.igaudit.config.SampleSpec;
import io.igaudit.stats.SampledRow;
import io.igaudit.history.CategoryShift;
import io.igaudit.history.RunRecord;
import io.igaudit.io.OutputLocation;
import io.igaudit.io.StatsTables;
import io.igaudit.partition.EmbeddingParts;
import io.igaudit.report.EmbeddingView.TextRow;
import io.igaudit.report.EmbeddingView.TokenKind;
import io.igaudit.report.EmbeddingView;
import io.igaudit.report.HtmlReport;
import io.igaudit.report.ReportModel;
import io.igaudit.stats.CategoryRow;
import io.igaudit.stats.CategoryStats;
import io.igaudit.stats.EmbeddingStats;
import io.igaudit.stats.PartitionStats;
import io.igaudit.stats.SliceSummary;
import io.igaudit.stats.TokenRow;
import io.igaudit.stats.TokenStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The driver's side of the token and category statistics of a model explained at an embedding
 * layer: the tables from the tasks' merged states, {@code token_stats/} and {@code category_stats/},
 * the report's view of sampled rows, tokens and categories, and the token table kept in the
 * history. Empty for other models: every method then leaves things as they are.
 */
final class EmbeddingOutputs {

    private static final EmbeddingOutputs NONE = new EmbeddingOutputs(null, null, null, List.of(), List.of(), 0, List.of(),
            List.of());

    private final EmbeddingParts parts;
    private final TokenStats tokenState;
    private final CategoryStats categoryState;
    private final List<TokenRow> tokens;
    private final List<CategoryRow> categories;
    private final long minOccurrences;
    private final List<SliceSummary.TokenInSlice> sliceTokens;
    private final List<SliceSummary.CategoryInSlice> sliceCategories;

    private EmbeddingOutputs(EmbeddingParts parts, TokenStats tokenState, CategoryStats categoryState, List<TokenRow> tokens,
            List<CategoryRow> categories, long minOccurrences, List<SliceSummary.TokenInSlice> sliceTokens,
            List<SliceSummary.CategoryInSlice> sliceCategories) {
        this.sliceTokens = sliceTokens;
        this.sliceCategories = sliceCategories;
        this.parts = parts;
        this.tokenState = tokenState;
        this.categoryState = categoryState;
        this.tokens = tokens;
        this.categories = categories;
        this.minOccurrences = minOccurrences;
    }

    /**
     * The tables of a run.
     *
     * @param checked the layer path's checks; empty for a model of one float tensor
     * @param merged the tasks' merged summaries
     * @param sample the rows' sample: below fraction 1, every mean |attribution| gets its confidence interval
     * @param slices the slices' names (audit.slices), index = slice
     */
    static EmbeddingOutputs of(Optional<LayerInputs.Checked> checked, PartitionStats merged, SampleSpec sample,
            List<String> slices) {
        EmbeddingStats state = merged.embeddings();
        if (checked.isEmpty() || state == null) {
            return NONE;
        }
        LayerInputs.Checked layer = checked.get();
        long minOccurrences = layer.inputs().statistics().minOccurrences();
        TokenStats tokenState = state.tokens();
        CategoryStats categoryState = state.categories();
        return new EmbeddingOutputs(layer.embeddings(), tokenState, categoryState,
                tokenState == null ? List.of() : tokenState.table(minOccurrences).stream()
                        .map(row -> row.withSampleFraction(sample.fraction())).toList(),
                categoryState == null ? List.of() : categoryState.table(layer.categoryNames()).stream()
                        .map(row -> row.withSampleFraction(sample.fraction())).toList(),
                minOccurrences, sliceTokens(state, slices, minOccurrences, sample), sliceCategories(state, slices, layer, sample));
    }

    /** Every slice's token table (over all its rows), slice by slice. */
    private static List<SliceSummary.TokenInSlice> sliceTokens(EmbeddingStats state, List<String> slices, long minOccurrences,
            SampleSpec sample) {
        List<SliceSummary.TokenInSlice> rows = new ArrayList<>();
        for (int i = 0; i < state.slices(); i++) {
            TokenStats tokens = state.slice(i).tokens();
            if (tokens != null && tokens.rows() > 0) {
                String name = slices.get(i);
                tokens.table(minOccurrences).forEach(row -> rows.add(new SliceSummary.TokenInSlice(name,
                        row.withSampleFraction(sample.fraction()))));
            }
        }
        return rows;
    }

    /** Every slice's category table (over all its rows), slice by slice. */
    private static List<SliceSummary.CategoryInSlice> sliceCategories(EmbeddingStats state, List<String> slices,
            LayerInputs.Checked layer, SampleSpec sample) {
        List<SliceSummary.CategoryInSlice> rows = new ArrayList<>();
        for (int i = 0; i < state.slices(); i++) {
            CategoryStats categories = state.slice(i).categories();
            if (categories != null && categories.rows() > 0) {
                String name = slices.get(i);
                categories.table(layer.categoryNames()).forEach(row -> rows.add(new SliceSummary.CategoryInSlice(name,
                        row.withSampleFraction(sample.fraction()))));
            }
        }
        return rows;
    }

    /** The token table (all rows, then each target's group); empty without a token sequence. */
    Optional<List<TokenRow>> tokenTable() {
        return tokenState == null ? Optional.empty() : Optional.of(tokens);
    }

    /** The k ordinary tokens with the largest mean |attribution| over all rows (ranked: enough occurrences). */
    List<String> topTokens(int k) {
        return TokenRow.topByMeanAbs(tokens, k);
    }

    /**
     * The {@code k} categories with the largest mean |attribution| over all rows, across the
     * categorical columns, as "column = category"; empty without categorical columns.
     */
    List<String> topCategories(int k) {
        return categories.stream().filter(CategoryRow::allRows)
                .sorted(java.util.Comparator.comparingDouble(CategoryRow::meanAbs).reversed()).limit(k)
                .map(row -> row.column() + " = " + row.label()).toList();
    }

    /** Occurrences a token needs to be ranked by mean |attribution| and to be compared between runs. */
    long minOccurrences() {
        return minOccurrences;
    }

    /** Writes token_stats/ and category_stats/ (each only when the model has its part). */
    void write(SparkSession spark, OutputLocation output) {
        if (tokenState != null) {
            spark.createDataFrame(StatsTables.TOKENS.rows(tokens), StatsTables.TOKENS.schema()).coalesce(1).write()
                    .parquet(output.child(OutputLocation.TOKEN_STATS));
        }
        if (categoryState != null) {
            spark.createDataFrame(StatsTables.CATEGORIES.rows(categories), StatsTables.CATEGORIES.schema()).coalesce(1).write()
                    .parquet(output.child(OutputLocation.CATEGORY_STATS));
        }
        if (!sliceTokens.isEmpty()) {
            spark.createDataFrame(StatsTables.SLICE_TOKENS.rows(sliceTokens), StatsTables.SLICE_TOKENS.schema()).coalesce(1).write()
                    .parquet(output.child(OutputLocation.SLICE_TOKEN_STATS));
        }
        if (!sliceCategories.isEmpty()) {
            spark.createDataFrame(StatsTables.SLICE_CATEGORIES.rows(sliceCategories), StatsTables.SLICE_CATEGORIES.schema())
                    .coalesce(1).write().parquet(output.child(OutputLocation.SLICE_CATEGORY_STATS));
        }
    }

    /** run.json's figures of the token table: its size, its error and the positions left out; null without one. */
    RunDocument.TokenTable runJsonSection() {
        if (tokenState == null) {
            return null;
        }
        return new RunDocument.TokenTable(tokenState.capacity(), tokenState.size(), tokenState.errorBound(), minOccurrences,
                tokenState.positions(), tokenState.paddedPositions(), tokenState.nanPositions());
    }

    /** The report with the sampled rows' tokens, the token tables and the category bars; as it is without them. */
    ReportModel addTo(ReportModel model, List<SampledRow> sample) {
        if (tokenState == null && categoryState == null) {
            return model;
        }
        List<TextRow> rows = parts.tokens() == null ? List.of()
                : ReportFacts.spreadOverTargets(sample, HtmlReport.TEXT_ROWS).stream().map(this::textRow).toList();
        return model.withEmbeddings(new EmbeddingView(rows, tokens, minOccurrences,
                tokenState == null ? 0 : tokenState.errorBound(),
                tokenState == null ? Map.of() : tokenState.rowsPerTarget(), categories));
    }

    /**
     * A sampled row's tokens: the ids are the sample's values at the sequence's positions (ids as
     * floats, exact below 2²⁴), the strings those of the tokens column ({@code #id} without one).
     */
    private TextRow textRow(SampledRow row) {
        EmbeddingParts.TokenPart part = parts.tokens();
        long[] special = part.specialIds();
        long[] padding = part.paddingIds();
        int length = part.length();
        List<String> strings = new ArrayList<>(length);
        TokenKind[] kinds = new TokenKind[length];
        for (int p = 0; p < length; p++) {
            long id = (long) row.values()[part.offset() + p];
            strings.add(part.spelled() && row.tokens() != null ? row.tokens()[p] : "#" + id);
            kinds[p] = contains(padding, id) ? TokenKind.PADDING : contains(special, id) ? TokenKind.SPECIAL : TokenKind.WORD;
        }
        float[] attributions = Arrays.copyOfRange(row.attributions(), part.offset(), part.offset() + length);
        return new TextRow(row.ids(), row.target(), row.prediction(), row.delta(), strings, attributions, kinds);
    }

    private static boolean contains(long[] ids, long id) {
        return Arrays.stream(ids).anyMatch(i -> i == id);
    }

    /**
     * The history's record with this run's token table (its all-rows group; the tokens drift
     * compares) and its categories' shares of the rows (the category frequencies drift compares).
     */
    RunRecord addTo(RunRecord record) {
        RunRecord withTokens = tokenState == null ? record : record.withTokens(tokens.stream().filter(TokenRow::allRows).toList());
        return withTokens.withCategories(categoryShares());
    }

    /** Every category's share of the rows per categorical column (all rows); empty without categories. */
    List<CategoryShift.Share> categoryShares() {
        return categories.stream().filter(CategoryRow::allRows).map(c -> new CategoryShift.Share(c.column(), c.code(), c.share()))
                .toList();
    }
}
