package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.attributions;
import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.igaudit.config.ConfigException;
import io.igaudit.config.ConfigLoader;
import io.igaudit.config.HistoryLocation;
import io.igaudit.history.HistoryTable;
import io.igaudit.history.RunRecord;
import io.igaudit.history.ThresholdResult;
import io.igaudit.testing.Samples;
import io.igaudit.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * token_stats/ and category_stats/ of the two layer samples, end to end as their configuration
 * files run them (on their first rows, in two partitions so that the tasks' states merge): every
 * figure against the same figure recomputed from attributions/ with its tokens column or the
 * input's codes (counts exactly, means to rounding); the token table's bound with a small
 * capacity; the report's token and category views, with hostile text escaped; drift over tokens
 * between weekly runs.
 */
class EmbeddingStatsAuditTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SPECIAL = Set.of("[CLS]", "[SEP]");
    private static final String PAD = "[PAD]";
    private static final String HOSTILE = "He said \"<script>alert('x')</script>\" & left; a > b < c.";

    @TempDir
    Path tmp;

    private static Path conf(String name) {
        return Samples.root().resolveSibling("conf").resolve(name);
    }

    /** The first {@code rows} articles of the text sample, each text changed by {@code edit}, and a hostile one with id -1. */
    private Path articles(String name, int rows, UnaryOperator<String> edit) throws Exception {
        List<String> lines = Files.readAllLines(Samples.file("text").resolve("reuters_grain.json")).subList(0, rows);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            ObjectNode row = (ObjectNode) JSON.readTree(line);
            row.put("text", edit.apply(row.get("text").asText()));
            out.add(JSON.writeValueAsString(row));
        }
        ObjectNode hostile = JSON.createObjectNode().put("id", -1).put("label", 0).put("text", HOSTILE);
        out.add(JSON.writeValueAsString(hostile));
        return Files.write(tmp.resolve(name), out);
    }

    private static RunSummary audit(String conf, Path output, String... settings) throws Exception {
        List<String> all = new ArrayList<>(List.of("model.device=cpu", "attribution.batch-rows=32", "attribution.partitions=2",
                "output.path=" + output.toAbsolutePath()));
        all.addAll(List.of(settings));
        return AuditPipeline.run(Audits.spark(), ConfigLoader.load(Optional.of(conf(conf)), all));
    }

    private RunSummary textAudit(Path input, Path output, String... settings) throws Exception {
        List<String> all = new ArrayList<>(List.of("input.path=" + input.toAbsolutePath(),
                "input.text.tokenizer=" + sample("text/tokenizer.json"), "model.path=" + sample("text/reuters_grain.pt")));
        all.addAll(List.of(settings));
        return audit("sample-text.conf", output, all.toArray(String[]::new));
    }

    /** Σ, Σ|a|, counts of one token (or category) in one group, recomputed from attributions/. */
    private static final class Sums {
        long count;
        final Set<Long> rows = new HashSet<>();
        double sum;
        double sumAbs;
        long positive;

        void add(long row, float a) {
            count++;
            rows.add(row);
            sum += a;
            sumAbs += Math.abs(a);
            positive += a > 0 ? 1 : 0;
        }
    }

    /** (target or null, token) → sums over the unpadded positions of attributions/. */
    private static Map<List<Object>, Sums> tokenSums(List<Row> attributed) {
        Map<List<Object>, Sums> sums = new HashMap<>();
        for (Row row : attributed) {
            long id = ((Number) row.getAs("id")).longValue();
            Integer target = row.getAs("target");
            List<String> tokens = row.getList(row.fieldIndex("tokens"));
            float[] a = attributions(row);
            for (int p = 0; p < tokens.size(); p++) {
                if (tokens.get(p).equals(PAD)) {
                    continue;
                }
                for (Integer group : Arrays.asList(null, target)) {
                    sums.computeIfAbsent(Arrays.asList(group, tokens.get(p)), k -> new Sums()).add(id, a[p]);
                }
            }
        }
        return sums;
    }

    /** token_stats rows by (target, token). */
    private static Map<List<Object>, Row> byToken(List<Row> table) {
        Map<List<Object>, Row> rows = new HashMap<>();
        for (Row r : table) {
            assertNull(rows.put(Arrays.asList(r.getAs("target"), r.getAs("token")), r), "one row per token and group: " + r);
        }
        return rows;
    }

    /** The keys recomputed and the table's, naming the ones that only one of them holds. */
    private static void assertSameKeys(Set<List<Object>> recomputed, Set<List<Object>> table, String what) {
        Set<List<Object>> missing = new HashSet<>(recomputed);
        missing.removeAll(table);
        Set<List<Object>> extra = new HashSet<>(table);
        extra.removeAll(recomputed);
        assertTrue(missing.isEmpty() && extra.isEmpty(), what + ": missing from the table " + missing + ", not recomputed " + extra);
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void textTokenStatsEqualThoseRecomputedFromTheAttributionsAndTheReportShowsEscapedTokens() throws Exception {
        Path output = tmp.resolve("text");
        textAudit(articles("text.json", 80, t -> t), output);
        List<Row> attributed = parquet(output, "attributions");
        Map<List<Object>, Sums> sums = tokenSums(attributed);
        Map<List<Object>, Row> table = byToken(parquet(output, "token_stats"));

        assertSameKeys(sums.keySet(), table.keySet(), "every unpadded token of every group, and nothing else");
        long minimum = 10;
        for (Map.Entry<List<Object>, Sums> entry : sums.entrySet()) {
            Row r = table.get(entry.getKey());
            Sums s = entry.getValue();
            String what = entry.getKey().toString();
            assertEquals(s.count, r.<Long>getAs("occurrences"), what + " occurrences");
            assertEquals(s.rows.size(), r.<Long>getAs("rows"), what + " rows");
            assertClose(s.sum / s.count, r.getAs("mean"), what + " mean");
            assertClose(s.sumAbs / s.count, r.getAs("mean_abs"), what + " mean_abs");
            assertClose(s.sumAbs, r.getAs("total_abs"), what + " total_abs");
            assertEquals((double) s.positive / s.count, r.<Double>getAs("positive_share"), 1e-12, what + " positive_share");
            assertEquals(0.0, r.<Double>getAs("error_bound"), what + ": nothing dropped with the default capacity");
            boolean special = SPECIAL.contains((String) entry.getKey().get(1));
            assertEquals(special, r.<Boolean>getAs("special"), what + " special");
            if (special) {
                assertNull(r.getAs("rank_total"), what + ": special tokens are not ranked");
                assertEquals(0.0, r.<Double>getAs("total_abs"), what + ": kept in the baseline, exactly 0");
            } else {
                assertNotNull(r.getAs("rank_total"), what);
                assertEquals(s.count < minimum, r.getAs("rank_mean_abs") == null, what + ": ranked by mean only from 10 occurrences");
            }
        }
        assertRanksFollowTotals(table.values());

        JsonNode tokens = Audits.runJson(output).get("token_stats");
        long padded = attributed.stream().mapToLong(r -> r.getList(r.fieldIndex("tokens")).stream().filter(PAD::equals).count()).sum();
        assertEquals(attributed.size() * 128L, tokens.get("positions").asLong());
        assertEquals(padded, tokens.get("padded_positions").asLong());
        assertEquals(0.0, tokens.get("error_bound").asDouble());
        List<String> topByMeanAbs = table.values().stream()
                .filter(r -> r.getAs("target") == null && !(Boolean) r.getAs("special") && r.getAs("rank_mean_abs") != null)
                .sorted(java.util.Comparator.comparingInt(r -> r.<Integer>getAs("rank_mean_abs"))).limit(5)
                .map(r -> r.<String>getAs("token")).toList();
        List<String> topTokens = new java.util.ArrayList<>();
        Audits.runJson(output).get("top_tokens").forEach(t -> topTokens.add(t.asText()));
        assertEquals(topByMeanAbs, topTokens, "run.json's top tokens are token_stats' first five by mean |attribution|");

        String html = Files.readString(output.resolve("report.html"));
        assertTrue(html.contains("id=\"text-rows\"") && html.contains("data-chart=\"tokens-total\"")
                && html.contains("data-chart=\"tokens-class-0\""), "text rows, top tokens, top tokens per class");
        assertFalse(html.toLowerCase(java.util.Locale.ROOT).contains("<script"), "no token reaches the page as markup");
        int rowsStart = html.indexOf("id=\"text-rows\"");
        String rows = html.substring(rowsStart, html.indexOf("</section>", rowsStart));
        assertTrue(rows.contains("<td>id -1, label 0</td>"), "the hostile row is among the sampled rows");
        for (String escaped : List.of(">&amp;</mark>", ">&quot;</mark>", ">&gt;</mark>", ">&#39;</mark>")) {
            assertTrue(rows.contains(escaped), "a token escaped as " + escaped);
        }
        assertFalse(rows.contains(">&</mark>") || rows.contains(">\"</mark>"), "no raw & or \" as a token");
    }

    /** Within each group, ordinary tokens ranked 1..n by total |attribution| (ties: smaller id). */
    private static void assertRanksFollowTotals(java.util.Collection<Row> table) {
        Map<Integer, List<Row>> groups = new HashMap<>();
        table.stream().filter(r -> !r.<Boolean>getAs("special"))
                .forEach(r -> groups.computeIfAbsent(Objects.requireNonNullElse(r.<Integer>getAs("target"), -1),
                        k -> new ArrayList<>()).add(r));
        for (List<Row> group : groups.values()) {
            group.sort(Comparator.comparingDouble((Row r) -> -r.<Double>getAs("total_abs"))
                    .thenComparingLong(r -> r.<Long>getAs("token_id")));
            for (int i = 0; i < group.size(); i++) {
                assertEquals(i + 1, group.get(i).<Integer>getAs("rank_total"), group.get(i).toString());
            }
        }
    }

    @Test
    void aSmallCapacityKeepsEveryTokenWhoseTotalExceedsTheStatedError() throws Exception {
        Path output = tmp.resolve("bounded");
        textAudit(articles("text.json", 80, t -> t), output, "output.token-stats.capacity=25");
        Map<List<Object>, Sums> sums = tokenSums(parquet(output, "attributions"));
        Map<List<Object>, Row> table = byToken(parquet(output, "token_stats"));
        double bound = Audits.runJson(output).at("/token_stats/error_bound").asDouble();
        assertTrue(bound > 0, "80 articles hold far more than 2 × 25 distinct tokens per task: some were dropped");
        int kept = 0;
        for (Map.Entry<List<Object>, Sums> entry : sums.entrySet()) {
            if (entry.getKey().get(0) != null || SPECIAL.contains((String) entry.getKey().get(1))) {
                continue;
            }
            Row r = table.get(entry.getKey());
            double total = entry.getValue().sumAbs;
            if (total > bound) {
                assertNotNull(r, entry.getKey() + ": total " + total + " exceeds the error " + bound);
            }
            if (r != null) {
                kept++;
                double missing = total - r.<Double>getAs("total_abs");
                assertTrue(missing >= -1e-9 && missing <= r.<Double>getAs("error_bound") + 1e-9,
                        entry.getKey() + ": misses " + missing + " of its total, at most its error " + r.getAs("error_bound"));
                assertTrue(r.<Long>getAs("occurrences") <= entry.getValue().count, entry.getKey() + ": counts only what was kept");
            }
        }
        assertTrue(kept >= 25 && kept <= 50, "the driver's merge keeps at most 2 × C tokens: " + kept);
        assertTrue(Files.readString(output.resolve("report.html")).contains("any token whose total |attribution| exceeds"),
                "the report states the error");
    }

    @Test
    void creditCategoryStatsEqualThoseRecomputedFromTheAttributionsAndTheCodes() throws Exception {
        List<String> lines = Files.readAllLines(Samples.file("credit").resolve("credit.csv"));
        Path input = Files.write(tmp.resolve("credit.csv"), lines.subList(0, 129));
        List<String> header = List.of(lines.get(0).split(","));
        Map<Long, String[]> codes = new HashMap<>();
        for (String line : lines.subList(1, 129)) {
            String[] cells = line.split(",");
            codes.put(Long.parseLong(cells[0]), cells);
        }
        Path output = tmp.resolve("credit");
        audit("sample-credit.conf", output, "input.path=" + input.toAbsolutePath(), "model.path=" + sample("credit/credit_model.pt"),
                "input.category-names=" + sample("credit/categories.json"));
        List<String> columns = List.of("checking_status", "credit_history", "purpose", "savings_status", "employment",
                "personal_status", "other_parties", "property_magnitude", "other_payment_plans", "housing", "job", "own_telephone",
                "foreign_worker");
        Map<List<Object>, Sums> sums = new HashMap<>();
        Map<Integer, Long> groupRows = new HashMap<>();
        for (Row row : parquet(output, "attributions")) {
            long id = ((Number) row.getAs("id")).longValue();
            Integer target = row.getAs("target");
            float[] a = attributions(row);
            for (Integer group : Arrays.asList(null, target)) {
                groupRows.merge(Objects.requireNonNullElse(group, -1), 1L, Long::sum);
                for (int c = 0; c < columns.size(); c++) {
                    long code = Long.parseLong(codes.get(id)[header.indexOf(columns.get(c))]);
                    sums.computeIfAbsent(Arrays.asList(columns.get(c), group, code), k -> new Sums()).add(id, a[c]);
                }
            }
        }
        Map<List<Object>, Row> table = new HashMap<>();
        for (Row r : parquet(output, "category_stats")) {
            table.put(Arrays.asList(r.getAs("column"), r.getAs("target"), r.getAs("code")), r);
        }
        assertSameKeys(sums.keySet(), table.keySet(), "every (column, group, code) in use");
        JsonNode names = JSON.readTree(Samples.file("credit").resolve("categories.json").toFile()).get("categorical");
        for (Map.Entry<List<Object>, Sums> entry : sums.entrySet()) {
            Row r = table.get(entry.getKey());
            Sums s = entry.getValue();
            String column = (String) entry.getKey().get(0);
            long code = (Long) entry.getKey().get(2);
            String what = entry.getKey().toString();
            assertEquals(s.count, r.<Long>getAs("count"), what + " count");
            assertEquals(columns.indexOf(column), r.<Integer>getAs("index"), what + " index");
            assertClose(s.sum / s.count, r.getAs("mean"), what + " mean");
            assertClose(s.sumAbs / s.count, r.getAs("mean_abs"), what + " mean_abs");
            assertEquals((double) s.count / groupRows.get(Objects.requireNonNullElse((Integer) entry.getKey().get(1), -1)),
                    r.<Double>getAs("share"), 1e-12, what + " share");
            assertEquals(names.get(column).get((int) code).asText(), r.getAs("category"), what + " named from categories.json");
        }
        String html = Files.readString(output.resolve("report.html"));
        assertTrue(html.contains("id=\"categories\"") && html.contains("data-chart=\"categories-checking_status-class-0\"")
                && html.contains("data-chart=\"categories-checking_status-class-1\""),
                "per-category bars of the top columns, one chart per explained class");
        assertFalse(html.contains("data-chart=\"categories-checking_status\""), "no signed chart over rows of both classes");
        assertTrue(html.contains("<h4>good (class 0)</h4>") && html.contains("<h4>bad (class 1)</h4>"),
                "classes named from the label names of categories.json");
        assertTrue(html.contains("Classes (the model's outputs): 0 = good, 1 = bad; target predicted."), "named on the first screen");
        assertTrue(html.contains("no checking") && html.contains("&lt;0"), "categories by name, escaped");
        assertFalse(Files.exists(output.resolve("token_stats")), "no token sequence, no token table");
    }

    @Test
    void aSliceOfEveryRowHasTheWholeRunsTokenTable() throws Exception {
        Path output = tmp.resolve("text-sliced");
        textAudit(articles("text.json", 48, t -> t), output, "audit.slices=[\"1 = 1\"]", "audit.slice-min-rows=1");
        Map<Long, Row> whole = new HashMap<>();
        parquet(output, "token_stats").stream().filter(r -> r.getAs("target") == null).forEach(r -> whole.put(r.getAs("token_id"), r));
        List<Row> sliced = parquet(output, "slice_token_stats");
        assertEquals(whole.size(), sliced.size(), "one row per token of the all-rows group");
        for (Row r : sliced) {
            Row w = whole.get(r.<Long>getAs("token_id"));
            assertEquals("1 = 1", r.getAs("slice"));
            assertEquals(w.<Long>getAs("occurrences"), r.<Long>getAs("occurrences"), r.toString());
            assertEquals(w.<Long>getAs("rows"), r.<Long>getAs("rows"), r.toString());
            assertEquals(w.<Double>getAs("mean_abs"), r.<Double>getAs("mean_abs"), 1e-9, r.toString());
        }
    }

    @Test
    void categoryFrequenciesDriftAsTheirLargestShareChangeAndSlicesWorkAtALayer() throws Exception {
        List<String> lines = Files.readAllLines(Samples.file("credit").resolve("credit.csv"));
        List<String> week1 = lines.subList(0, 161);
        // Week 2: the same rows, and again every row whose checking_status is 4.
        List<String> week2 = new ArrayList<>(week1);
        week1.stream().skip(1).filter(l -> l.split(",")[3].equals("4")).forEach(week2::add);
        Path history = tmp.resolve("category-history");
        String[] weekly = {"audit.history-path=" + history.toAbsolutePath(), "audit.compare-with=previous",
            "audit.fail-on.category-linf-above=0.05", "audit.slices=[split, \"age >= 40\"]", "audit.slice-min-rows=10",
            "model.path=" + sample("credit/credit_model.pt"), "input.category-names=" + sample("credit/categories.json")};
        Path first = tmp.resolve("category-week1");
        Path second = tmp.resolve("category-week2");
        audit("sample-credit.conf", first, Audits.with(List.of(weekly),
                "input.path=" + Files.write(tmp.resolve("cw1.csv"), week1).toAbsolutePath()).toArray(String[]::new));
        RunSummary moved = audit("sample-credit.conf", second, Audits.with(List.of(weekly),
                "input.path=" + Files.write(tmp.resolve("cw2.csv"), week2).toAbsolutePath()).toArray(String[]::new));
        // The expected L∞: per categorical column, the largest change of a code's share of the rows.
        List<String> header = List.of(lines.get(0).split(","));
        double expected = 0;
        String expectedColumn = null;
        for (String column : List.of("checking_status", "credit_history", "purpose", "savings_status", "employment",
                "personal_status", "other_parties", "property_magnitude", "other_payment_plans", "housing", "job",
                "own_telephone", "foreign_worker")) {
            int at = header.indexOf(column);
            Map<String, Double> before = shares(week1, at);
            Map<String, Double> now = shares(week2, at);
            Set<String> codes = new java.util.HashSet<>(before.keySet());
            codes.addAll(now.keySet());
            for (String code : codes) {
                double change = Math.abs(now.getOrDefault(code, 0.0) - before.getOrDefault(code, 0.0));
                if (change > expected) {
                    expected = change;
                    expectedColumn = column;
                }
            }
        }
        JsonNode shift = JSON.readTree(second.resolve("run.json").toFile()).path("audit").path("largest_category_shift");
        assertEquals(expectedColumn, shift.path("column").asText(), shift.toString());
        assertEquals(expected, shift.path("linf").asDouble(), 1e-9, shift.toString());
        assertTrue(moved.thresholdsFailed(), "category-linf-above 0.05 is crossed: " + shift);
        ThresholdResult check = moved.thresholds().stream().filter(t -> t.key().equals("category-linf-above")).findFirst().orElseThrow();
        assertEquals(expectedColumn, check.subject());
        assertTrue(Files.readString(second.resolve("report.html")).contains("largest category shift"), "the report's drift facts");
        // Slices at a layer: per split value and the age condition, each slice's rows as in the CSV.
        List<Row> slices = parquet(second, "slice_stats");
        long train = week2.stream().skip(1).filter(l -> l.split(",")[1].equals("train")).count();
        long older = week2.stream().skip(1).filter(l -> Double.parseDouble(l.split(",")[header.indexOf("age")]) >= 40).count();
        assertTrue(slices.stream().anyMatch(r -> r.getAs("slice").equals("split=train") && r.<Long>getAs("count") == train), slices.toString());
        assertTrue(slices.stream().anyMatch(r -> r.getAs("slice").equals("age >= 40") && r.<Long>getAs("count") == older), slices.toString());
        // Each slice's categories: the train rows' checking_status codes, counted as in the CSV.
        int checking = header.indexOf("checking_status");
        Map<Long, Long> expectedCodes = new HashMap<>();
        week2.stream().skip(1).map(l -> l.split(",")).filter(f -> f[1].equals("train"))
                .forEach(f -> expectedCodes.merge(Long.parseLong(f[checking]), 1L, Long::sum));
        Map<Long, Long> codes = new HashMap<>();
        for (Row r : parquet(second, "slice_category_stats")) {
            if (r.getAs("slice").equals("split=train") && r.getAs("column").equals("checking_status")) {
                codes.put(r.<Long>getAs("code"), r.<Long>getAs("count"));
                assertEquals((double) r.<Long>getAs("count") / train, r.<Double>getAs("share"), 1e-12, r.toString());
            }
        }
        assertEquals(expectedCodes, codes);
    }

    /** Each value's share of the data lines' column {@code at}. */
    private static Map<String, Double> shares(List<String> lines, int at) {
        Map<String, Double> shares = new java.util.HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            shares.merge(line.split(",")[at], 1.0 / (lines.size() - 1), Double::sum);
        }
        return shares;
    }

    /** The credit sample run with a category-names file holding {@code json}: the error, after checking nothing was written. */
    private ConfigException rejectedCategoryNames(String name, String json) throws Exception {
        Path names = Audits.write(tmp.resolve(name + ".json"), json);
        Path output = tmp.resolve(name + "-out");
        List<String> settings = List.of("model.device=cpu", "output.path=" + output.toAbsolutePath(),
                "input.path=" + sample("credit/credit.csv"), "model.path=" + sample("credit/credit_model.pt"),
                "input.category-names=" + names.toAbsolutePath());
        List<String> before = Audits.listing(tmp);
        ConfigException error = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> AuditPipeline.run(Audits.spark(), ConfigLoader.load(Optional.of(conf("sample-credit.conf")), settings)));
        assertEquals(before, Audits.listing(tmp), "nothing written");
        return error;
    }

    @Test
    void aCategoryNamesFileForAnotherColumnIsRejectedBeforeAnythingIsWritten() throws Exception {
        ConfigException error = rejectedCategoryNames("names", "{\"categorical\": {\"purpose\": [\"none\"], \"colour\": [\"red\"]}}");
        assertTrue(error.getMessage().contains("input.category-names") && error.getMessage().contains("'colour'"),
                error.getMessage());
    }

    @Test
    void aCategoryNamesFileWithTooFewNamesForTheDataIsRejected() throws Exception {
        ConfigException error = rejectedCategoryNames("short-names",
                "{\"categorical\": {\"purpose\": [\"(missing)\", \"new car\"]}}");
        for (String part : List.of("names 2 codes of column 'purpose' (0..1)", "the data holds codes up to 11", "name every code")) {
            assertTrue(error.getMessage().contains(part), "'" + part + "' missing from: " + error.getMessage());
        }
    }

    /**
     * A weekly audit over tokens: the same articles again compare equal (top-k overlap 1, no
     * change), and the history keeps each run's token table; articles without their most
     * important words fail the top-k check (exit code 3), with drift/features listing tokens.
     */
    @Test
    void driftComparesTheWordsThatDriveTheModel() throws Exception {
        Path history = tmp.resolve("history");
        String[] weekly = {"audit.history-path=" + history.toAbsolutePath(), "audit.compare-with=previous", "audit.top-k=3",
            "audit.fail-on.top-k-overlap-below=0.7"};
        Path week1 = tmp.resolve("week1");
        textAudit(articles("text.json", 64, t -> t), week1, weekly);
        RunSummary same = textAudit(articles("text.json", 64, t -> t), tmp.resolve("week2"), weekly);
        assertFalse(same.thresholdsFailed(), "the same articles: the same words");
        List<Row> drift = parquet(tmp.resolve("week2"), "drift/features");
        assertTrue(drift.stream().noneMatch(r -> ((String) r.getAs("feature")).startsWith("input_ids[")), "tokens, not positions");
        for (Row r : drift) {
            Double change = r.getAs("relative_change");
            assertTrue(change == null || Math.abs(change) < 1e-6, r.toString());
        }

        List<String> top = parquet(week1, "token_stats").stream()
                .filter(r -> r.getAs("target") == null && r.getAs("rank_total") != null && r.<Integer>getAs("rank_total") <= 3)
                .map(r -> (String) r.getAs("token")).filter(t -> t.matches("[a-z]+")).toList();
        assertFalse(top.isEmpty(), "a word among the top 3 tokens");
        Pattern words = Pattern.compile("(?i)\\b(" + String.join("|", top) + ")\\b");
        RunSummary changed = textAudit(articles("text.json", 64, t -> words.matcher(t).replaceAll("")), tmp.resolve("week3"),
                weekly);
        assertTrue(changed.thresholdsFailed(), "without " + top + " the top 3 tokens changed");
        JsonNode summary = JSON.readTree(tmp.resolve("week3/drift/summary.json").toFile());
        for (JsonNode token : summary.get("top_now")) {
            assertFalse(top.contains(token.asText()), token + " was removed from the articles");
        }
        List<RunRecord> runs = new HistoryTable(SparkTestSession.get(), new HistoryLocation.Folder(history.toString())).all();
        assertEquals(3, runs.size());
        assertTrue(runs.stream().allMatch(r -> !r.tokens().isEmpty() && r.tokens().stream().allMatch(t -> t.target() == null)),
                "each run keeps its all-rows token table");
    }
}
