package io.igaudit.config;

import static io.igaudit.config.ConfigLoaderTest.error;
import static io.igaudit.config.ConfigLoaderTest.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The audit keys (history, tags, comparison, fail-on thresholds) and
 * {@code attribution.delta-tolerance}: defaults, valid values, and messages that name the key.
 */
class AuditConfigTest {

    private static final String HISTORY = "audit.history-path=/data/history";

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
        }
    }

    @Test
    void defaultsKeepNoHistoryAndFailOnNothing() {
        JobConfig config = load();
        assertEquals(0.05, config.attribution().deltaTolerance());
        AuditConfig audit = config.audit();
        assertEquals(Optional.empty(), audit.history());
        assertEquals(Map.of(), audit.tags());
        assertEquals(Optional.empty(), audit.compareWith());
        assertEquals(List.of(AuditConfig.MatchKey.CONFIG_HASH, AuditConfig.MatchKey.TAGS), audit.compareOn());
        assertEquals(5, audit.topK());
        assertEquals(AuditConfig.FailOn.none(), audit.failOn());
    }

    @Test
    void everyAuditKeyParses() {
        AuditConfig audit = load(HISTORY, "audit.tags.team=risk", "audit.tags.schedule=weekly",
                "audit.compare-with=previous", "audit.compare-on=[dataset, model-sha256]", "audit.top-k=3",
                "audit.fail-on.top-k-overlap-below=0.6", "audit.fail-on.mean-abs-change-above=0.5",
                "audit.fail-on.psi-above=0.25", "audit.fail-on.share-over-tolerance-above=0.01").audit();
        assertEquals(Optional.of(new HistoryLocation.Folder("/data/history")), audit.history());
        assertEquals(Map.of("team", "risk", "schedule", "weekly"), audit.tags());
        assertEquals(List.of("schedule", "team"), List.copyOf(audit.tags().keySet()), "tags sorted by key");
        assertEquals(Optional.of(new AuditConfig.CompareWith.Previous()), audit.compareWith());
        assertEquals(List.of(AuditConfig.MatchKey.DATASET, AuditConfig.MatchKey.MODEL_SHA256), audit.compareOn());
        assertEquals(3, audit.topK());
        assertEquals(new AuditConfig.FailOn(OptionalDouble.of(0.6), OptionalDouble.empty(), OptionalDouble.of(0.5), OptionalDouble.of(0.25),
                OptionalDouble.of(0.01)), audit.failOn());
    }

    @Test
    void compareWithARunId() {
        AuditConfig audit = load(HISTORY, "audit.compare-with=5f0c1e2a-0000-4000-8000-000000000001").audit();
        assertEquals(Optional.of(new AuditConfig.CompareWith.RunId("5f0c1e2a-0000-4000-8000-000000000001")),
                audit.compareWith());
    }

    @Test
    void deltaToleranceIsPositive() {
        assertEquals(0.001, load("attribution.delta-tolerance=0.001").attribution().deltaTolerance());
        assertMentions(error("attribution.delta-tolerance=0"), "attribution.delta-tolerance", "positive");
        assertMentions(error("attribution.delta-tolerance=-0.1"), "attribution.delta-tolerance", "-0.1");
        assertMentions(error("attribution.delta-tolerance=small"), "attribution.delta-tolerance", "small");
    }

    @Test
    void comparisonNeedsAHistory() {
        assertMentions(error("audit.compare-with=previous"), "audit.compare-with", "audit.history-path");
    }

    @Test
    void driftThresholdsNeedAComparison() {
        assertMentions(error(HISTORY, "audit.fail-on.top-k-overlap-below=0.6"), "audit.fail-on.top-k-overlap-below",
                "audit.compare-with");
        assertMentions(error(HISTORY, "audit.fail-on.psi-above=0.2"), "audit.fail-on.psi-above");
        // The delta threshold concerns this run alone.
        assertEquals(OptionalDouble.of(0.01),
                load("audit.fail-on.share-over-tolerance-above=0.01").audit().failOn().shareOverToleranceAbove());
    }

    @Test
    void thresholdsOutOfRange() {
        String compare = "audit.compare-with=previous";
        assertMentions(error(HISTORY, compare, "audit.fail-on.top-k-overlap-below=1.5"), "top-k-overlap-below", "1.5");
        assertMentions(error(HISTORY, compare, "audit.fail-on.mean-abs-change-above=0"), "mean-abs-change-above");
        assertMentions(error(HISTORY, compare, "audit.fail-on.psi-above=-1"), "psi-above");
        assertMentions(error("audit.fail-on.share-over-tolerance-above=1"), "share-over-tolerance-above");
        assertMentions(error("audit.fail-on.share-over-tolerance-above=often"), "share-over-tolerance-above", "often");
    }

    @Test
    void unknownKeysAndTagsAreNamed() {
        assertMentions(error("audit.fail-on.psi-abov=0.2"), "audit.fail-on.psi-abov", "did you mean 'audit.fail-on.psi-above'");
        assertMentions(error("audit.compare-on=[config-hsh]"), "audit.compare-on", "config-hsh", "did you mean 'config-hash'");
        assertMentions(error("audit.tags.team=[a, b]"), "audit.tags.team", "list");
        assertMentions(error("audit.top-k=0"), "audit.top-k");
    }

    @Test
    void featureThresholdsParseWithTheirFeatureAndKey() {
        AuditConfig audit = load(HISTORY, "audit.compare-with=previous", "audit.fail-on.features.income.mean-abs-change-above=0.2",
                "audit.fail-on.features.\"a.b\".psi-above=0.1", "audit.fail-on.features.age.psi-above=off").audit();
        assertEquals(List.of(new AuditConfig.FailOn.FeatureThreshold("a.b", AuditConfig.FailOn.PSI_ABOVE, 0.1),
                new AuditConfig.FailOn.FeatureThreshold("income", AuditConfig.FailOn.MEAN_ABS_CHANGE_ABOVE, 0.2)),
                audit.failOn().features().stream().sorted(java.util.Comparator.comparing(AuditConfig.FailOn.FeatureThreshold::feature))
                        .toList());
        ConfigException typo = assertThrows(ConfigException.class,
                () -> load(HISTORY, "audit.compare-with=previous", "audit.fail-on.features.income.psi-abve=0.2"));
        assertTrue(typo.getMessage().startsWith("unknown threshold audit.fail-on.features.income.psi-abve (did you mean 'psi-above'?)"),
                typo.getMessage());
        ConfigException negative = assertThrows(ConfigException.class,
                () -> load(HISTORY, "audit.compare-with=previous", "audit.fail-on.features.income.psi-above=-1"));
        assertTrue(negative.getMessage().startsWith("audit.fail-on.features.income.psi-above must be off or a positive number"),
                negative.getMessage());
        ConfigException noComparison = assertThrows(ConfigException.class,
                () -> load(HISTORY, "audit.fail-on.features.income.psi-above=0.1"));
        assertTrue(noComparison.getMessage().startsWith("audit.fail-on.features.income.psi-above compares with an earlier run"),
                noComparison.getMessage());
    }
}
