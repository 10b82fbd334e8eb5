package io.igaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.report.ReportModel.DeltaView;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The completeness warning: only when most rows are over the tolerance, and then on the report's first screen. */
class CompletenessWarningTest {

    @Test
    void halfTheRowsOrFewerGiveNoWarning() {
        assertEquals(Optional.empty(), CompletenessWarning.of(572, 12, 0.05, 0.01));
        assertEquals(Optional.empty(), CompletenessWarning.of(572, 286, 0.05, 0.01));
        assertEquals(Optional.empty(), CompletenessWarning.of(0, 0, 0.05, 0));
    }

    @Test
    void mostRowsOverTheToleranceAreSaidPlainlyWithTheLikelyCauses() {
        String warning = CompletenessWarning.of(200, 200, 0.1, 0.43).orElseThrow();
        for (String part : new String[] {"200 of 200 rows (100", "not exact", "0.43", "attribution.steps", "kinks",
                "gradient kernels"}) {
            assertTrue(warning.contains(part), "should mention '" + part + "': " + warning);
        }
        assertTrue(CompletenessWarning.of(572, 287, 0.05, 0.1).isPresent(), "just over half");
    }

    @Test
    void theReportSaysItInItsHeaderBeforeAnyChart() {
        ReportModel base = Reports.model(30, 100, 2, false);
        assertTrue(!HtmlReport.render(base).contains("completeness-warning"), "12 of 572 rows: no warning");
        DeltaView d = base.delta();
        DeltaView most = new DeltaView(d.tolerance(), d.rows(), d.rows() - 10, 0.43, d.p95Abs(), d.maxAbs(), d.histogram(),
                d.idColumns(), d.worst());
        String html = HtmlReport.render(new ReportModel(base.run(), base.importance(), base.perClass(), base.swarm(),
                base.images(), most, base.compareWith(), base.compareOn(), base.topK(), base.drift(), base.thresholds(),
                base.embeddings()));
        int warning = html.indexOf("id=\"completeness-warning\"");
        assertTrue(warning > 0, "warning shown");
        assertTrue(warning < html.indexOf("</header>"), "in the header, the first screen");
        assertTrue(html.substring(warning, html.indexOf("</p>", warning)).contains("562 of 572 rows"));
    }
}
