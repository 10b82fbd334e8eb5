package io.igaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser: scripts/check-report.sh opens it in headless Chromium, which must
 * log nothing to the console and draw every chart with its bars and dots. Skipped where Chromium
 * is not installed; .ci/run installs it, so CI always runs this.
 */
class ReportBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path script;

    /** What check-report.sh said and its exit code. */
    private record Check(int code, JsonNode result, String output) {}

    @BeforeAll
    static void needsChromium() {
        Path fromModule = Path.of("..", "scripts", "check-report.sh");
        script = Files.isRegularFile(fromModule) ? fromModule : Path.of("scripts", "check-report.sh");
        Assumptions.assumeTrue(onPath(System.getenv().getOrDefault("CHROMIUM", "chromium")),
                "chromium is not installed (apt-get install -y chromium); .ci/run installs it");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static Check check(Path report, String... screenshot) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString(), report.toString()));
        command.addAll(List.of(screenshot));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "check-report.sh did not finish");
        JsonNode result = null;
        for (String line : output.lines().toList()) {
            if (line.startsWith("report-check: {")) {
                result = JSON.readTree(line.substring("report-check: ".length()));
            }
        }
        return new Check(process.exitValue(), result, output);
    }

    private static Map<String, Integer> marks(JsonNode result) {
        Map<String, Integer> marks = new HashMap<>();
        result.path("charts").forEach(chart -> marks.put(chart.path("chart").asText(), chart.path("marks").asInt()));
        return marks;
    }

    @Test
    void theFullReportRendersWithEveryMarkAndNoConsoleMessage() throws Exception {
        ReportModel model = Reports.model(30, 569, 2, true);
        Path report = Files.writeString(tmp.resolve("report.html"), HtmlReport.render(model));
        Path screenshot = Path.of("target", "report-browser-test.png").toAbsolutePath();
        Check check = check(report, screenshot.toString());

        assertEquals(0, check.code(), check.output());
        assertEquals(Map.of("importance", 20, "beeswarm", 569 * 10, "class-0", 10, "class-1", 10, "drift", 30,
                "delta-histogram", model.delta().histogram().counts().length), marks(check.result()));
        assertTrue(check.result().path("pageWidth").asInt() <= 1280, "fits a laptop's width");
        byte[] png = Files.readAllBytes(screenshot);
        assertTrue(png.length > 20_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a screenshot of the page");
    }

    @Test
    void aNetworkReferenceIsCaughtAsAConsoleError() throws Exception {
        String html = HtmlReport.render(Reports.model(4, 20, 0, false))
                .replace("</main>", "<img src=\"https://cdn.example.com/chart.png\"></main>");
        Check check = check(Files.writeString(tmp.resolve("network.html"), html));
        assertEquals(1, check.code(), check.output());
        assertTrue(check.output().contains("logged to the console") && check.output().contains("cdn.example.com"), check.output());
    }

    @Test
    void aChartMissingMarksIsCaught() throws Exception {
        String html = HtmlReport.render(Reports.model(4, 20, 0, false))
                .replaceFirst("data-chart=\"beeswarm\" data-marks=\"80\"", "data-chart=\"beeswarm\" data-marks=\"81\"");
        Check check = check(Files.writeString(tmp.resolve("marks.html"), html));
        assertEquals(1, check.code(), check.output());
        assertTrue(check.output().contains("beeswarm: 80 marks drawn, 81 declared"), check.output());
    }

    @Test
    void tokensAndCategoriesRenderWithEveryMarkAndHostileTokensRunNothing() throws Exception {
        ReportModel model = Reports.model(4, 20, 0, false).withEmbeddings(Embeddings.view());
        Path report = Files.writeString(tmp.resolve("tokens.html"), HtmlReport.render(model));
        Path screenshot = Path.of("target", "report-tokens-browser-test.png").toAbsolutePath();
        Check check = check(report, screenshot.toString());

        assertEquals(0, check.code(), check.output());
        Map<String, Integer> marks = marks(check.result());
        assertEquals(5, marks.get("tokens-total"));
        assertEquals(3, marks.get("tokens-mean"));
        assertEquals(2, marks.get("tokens-class-1"));
        assertEquals(1, marks.get("categories-checking_status-class-1"), "signed per explained class, never across classes");
        assertEquals(1, marks.get("categories-savings_status"), "a column without rows per class: all rows");
        assertTrue(check.result().path("pageWidth").asInt() <= 1280, "fits a laptop's width");
    }

    @Test
    void aLabelCutOffAtTheChartsEdgeIsCaught() throws Exception {
        String html = HtmlReport.render(Reports.model(4, 20, 0, false)).replace("</main>",
                "<svg data-chart=\"clipped\" data-marks=\"0\" width=\"300\" height=\"40\" viewBox=\"0 0 300 40\">"
                        + "<text x=\"20\" y=\"20\" text-anchor=\"end\">)<=X<200 is cut off here</text></svg></main>");
        Check check = check(Files.writeString(tmp.resolve("clipped.html"), html));
        assertEquals(1, check.code(), check.output());
        assertTrue(check.output().contains(")<=X<200 is cut off here") && check.output().contains("cut off at the chart's edge"),
                check.output());
    }

    @Test
    void longWideLabelsFitTheirCharts() throws Exception {
        List<io.igaudit.stats.CategoryRow> categories = new java.util.ArrayList<>();
        String[] labels = {"WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "MMMMMMM <=X<200 MMMMMMM >=1000", "0<=X<200", "(missing)"};
        for (int i = 0; i < labels.length; i++) {
            categories.add(new io.igaudit.stats.CategoryRow("checking_status", 0, i, labels[i], null, 10, 0.25, 0.1 * (i - 1),
                    0.2, 0.1, 0.5, i + 1));
        }
        EmbeddingView base = Embeddings.view();
        EmbeddingView view = new EmbeddingView(base.rows(), base.tokens(), base.minOccurrences(), base.tokenErrorBound(),
                base.rowsPerTarget(), categories);
        Check check = check(Files.writeString(tmp.resolve("wide.html"),
                HtmlReport.render(Reports.model(4, 20, 0, false).withEmbeddings(view))));
        assertEquals(0, check.code(), check.output());
        assertEquals(4, marks(check.result()).get("categories-checking_status"));
    }
}
