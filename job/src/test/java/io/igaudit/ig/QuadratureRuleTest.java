package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Nodes and weights of every rule against hand-derived values (Captum's approximation_methods). */
class QuadratureRuleTest {

    private static final double EXACT = 1e-15;
    private static final double NEWTON = 1e-14;

    private static Arguments rule(QuadratureRule rule, double[] alphas, double[] weights) {
        return Arguments.of(rule, alphas.length, alphas, weights);
    }

    private static double[] d(double... values) {
        return values;
    }

    /** Hand-written nodes and weights for n = 2, 3, 4 of every rule. */
    static Stream<Arguments> handWrittenRules() {
        double s3 = 1.0 / Math.sqrt(3.0);
        double s35 = Math.sqrt(3.0 / 5.0);
        double inner = Math.sqrt(3.0 / 7.0 - 2.0 / 7.0 * Math.sqrt(6.0 / 5.0));
        double outer = Math.sqrt(3.0 / 7.0 + 2.0 / 7.0 * Math.sqrt(6.0 / 5.0));
        double wInner = (18.0 + Math.sqrt(30.0)) / 36.0 / 2.0;
        double wOuter = (18.0 - Math.sqrt(30.0)) / 36.0 / 2.0;
        return Stream.of(
                rule(QuadratureRule.RIEMANN_LEFT, d(0, 0.5), d(0.5, 0.5)),
                rule(QuadratureRule.RIEMANN_LEFT, d(0, 1.0 / 3, 2.0 / 3), d(1.0 / 3, 1.0 / 3, 1.0 / 3)),
                rule(QuadratureRule.RIEMANN_LEFT, d(0, 0.25, 0.5, 0.75), d(0.25, 0.25, 0.25, 0.25)),
                rule(QuadratureRule.RIEMANN_RIGHT, d(0.5, 1), d(0.5, 0.5)),
                rule(QuadratureRule.RIEMANN_RIGHT, d(1.0 / 3, 2.0 / 3, 1), d(1.0 / 3, 1.0 / 3, 1.0 / 3)),
                rule(QuadratureRule.RIEMANN_RIGHT, d(0.25, 0.5, 0.75, 1), d(0.25, 0.25, 0.25, 0.25)),
                rule(QuadratureRule.RIEMANN_MIDDLE, d(0.25, 0.75), d(0.5, 0.5)),
                rule(QuadratureRule.RIEMANN_MIDDLE, d(1.0 / 6, 0.5, 5.0 / 6), d(1.0 / 3, 1.0 / 3, 1.0 / 3)),
                rule(QuadratureRule.RIEMANN_MIDDLE, d(0.125, 0.375, 0.625, 0.875), d(0.25, 0.25, 0.25, 0.25)),
                rule(QuadratureRule.RIEMANN_TRAPEZOID, d(0, 1), d(0.25, 0.25)),
                rule(QuadratureRule.RIEMANN_TRAPEZOID, d(0, 0.5, 1), d(1.0 / 6, 1.0 / 3, 1.0 / 6)),
                rule(QuadratureRule.RIEMANN_TRAPEZOID, d(0, 1.0 / 3, 2.0 / 3, 1), d(0.125, 0.25, 0.25, 0.125)),
                rule(QuadratureRule.TRAPEZOID, d(0, 1), d(0.5, 0.5)),
                rule(QuadratureRule.TRAPEZOID, d(0, 0.5, 1), d(0.25, 0.5, 0.25)),
                rule(QuadratureRule.TRAPEZOID, d(0, 1.0 / 3, 2.0 / 3, 1), d(1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6)),
                rule(QuadratureRule.GAUSS_LEGENDRE, d(0.5), d(1.0)),
                rule(QuadratureRule.GAUSS_LEGENDRE, d((1 - s3) / 2, (1 + s3) / 2), d(0.5, 0.5)),
                rule(QuadratureRule.GAUSS_LEGENDRE,
                        d((1 - s35) / 2, 0.5, (1 + s35) / 2), d(5.0 / 18, 4.0 / 9, 5.0 / 18)),
                rule(QuadratureRule.GAUSS_LEGENDRE,
                        d((1 - outer) / 2, (1 - inner) / 2, (1 + inner) / 2, (1 + outer) / 2),
                        d(wOuter, wInner, wInner, wOuter)));
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("handWrittenRules")
    void nodesAndWeightsMatchHandWrittenValues(QuadratureRule rule, int n, double[] alphas, double[] weights) {
        Quadrature quadrature = rule.quadrature(n);
        double tolerance = rule == QuadratureRule.GAUSS_LEGENDRE ? NEWTON : EXACT;
        assertEquals(n, quadrature.steps());
        assertArrayEquals(alphas, quadrature.alphas(), tolerance, "alphas");
        assertArrayEquals(weights, quadrature.weights(), tolerance, "weights");
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 20, 50, 64})
    void gaussLegendreIntegratesMonomialsUpToDegree2nMinus1Exactly(int n) {
        Quadrature quadrature = QuadratureRule.GAUSS_LEGENDRE.quadrature(n);
        for (int degree = 0; degree <= 2 * n - 1; degree++) {
            double exact = 1.0 / (degree + 1);
            assertEquals(exact, integrateMonomial(quadrature, degree), 1e-13 * exact, "degree " + degree);
        }
    }

    @Test
    void gaussLegendreMissesDegree2nByTheTextbookErrorTerm() {
        // E = (n!)^4 f^(2n) / ((2n+1) ((2n)!)^3) on [0, 1]; for f = α^10 (n = 5), f^(10) = 10!.
        int n = 5;
        double nFactorial = 120.0;
        double twoNFactorial = 3_628_800.0;
        double error = Math.pow(nFactorial, 4) / ((2 * n + 1) * twoNFactorial * twoNFactorial);
        double quadrature = integrateMonomial(QuadratureRule.GAUSS_LEGENDRE.quadrature(n), 2 * n);
        assertEquals(1.0 / 11 - error, quadrature, 1e-13);
        assertTrue(error > 1e-6, "the check must be able to tell exact from inexact");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 20, 50, 64, 101})
    void gaussLegendreWeightsSumToOne(int n) {
        assertEquals(1.0, QuadratureRule.GAUSS_LEGENDRE.quadrature(n).weightSum(), 1e-13);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 7, 20, 50, 64, 101})
    void gaussLegendreNodesIncreaseStrictlyInsideTheInterval(int n) {
        double[] alphas = QuadratureRule.GAUSS_LEGENDRE.quadrature(n).alphas();
        assertTrue(alphas[0] > 0.0 && alphas[n - 1] < 1.0, "nodes are interior");
        for (int k = 1; k < n; k++) {
            assertTrue(alphas[k] > alphas[k - 1], "node " + k + " after node " + (k - 1));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 7, 20, 50, 64, 101})
    void gaussLegendreNodesAndWeightsAreSymmetricAboutOneHalf(int n) {
        Quadrature quadrature = QuadratureRule.GAUSS_LEGENDRE.quadrature(n);
        double[] alphas = quadrature.alphas();
        double[] weights = quadrature.weights();
        for (int k = 0; k < n; k++) {
            assertEquals(1.0, alphas[k] + alphas[n - 1 - k], 1e-15, "alpha pair " + k);
            assertEquals(weights[k], weights[n - 1 - k], 1e-15, "weight pair " + k);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 10, 50, 1000})
    void riemannTrapezoidWeightsSumToNMinus1OverN(int n) {
        assertEquals((n - 1.0) / n, QuadratureRule.RIEMANN_TRAPEZOID.quadrature(n).weightSum(), 1e-13);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 10, 50, 1000})
    void everyOtherRuleHasWeightsSummingToOne(int n) {
        for (QuadratureRule rule : QuadratureRule.values()) {
            if (rule != QuadratureRule.RIEMANN_TRAPEZOID) {
                assertEquals(1.0, rule.quadrature(n).weightSum(), 1e-13, rule.configName());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(QuadratureRule.class)
    void byNameFindsEveryConfigNameIgnoringCaseAndSpaces(QuadratureRule rule) {
        String name = rule.configName();
        assertSame(rule, QuadratureRule.byName(name));
        assertSame(rule, QuadratureRule.byName(name.toUpperCase(Locale.ROOT)));
        assertSame(rule, QuadratureRule.byName("  " + name + "\t"));
    }

    @Test
    void byNameOfAnUnknownNameListsTheBadNameAndEveryValidName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> QuadratureRule.byName("simpson"));
        assertTrue(e.getMessage().contains("simpson"), e.getMessage());
        for (QuadratureRule rule : QuadratureRule.values()) {
            assertTrue(e.getMessage().contains(rule.configName()), e.getMessage());
        }
    }

    @Test
    void byNameRejectsNullAndBlank() {
        assertThrows(IllegalArgumentException.class, () -> QuadratureRule.byName(null));
        assertThrows(IllegalArgumentException.class, () -> QuadratureRule.byName("  "));
    }

    @ParameterizedTest
    @EnumSource(QuadratureRule.class)
    void stepsBelowTheMinimumFailNamingTheRule(QuadratureRule rule) {
        int tooFew = rule.minimumSteps() - 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rule.quadrature(tooFew));
        assertTrue(e.getMessage().contains(rule.configName()), e.getMessage());
        IllegalArgumentException options = assertThrows(
                IllegalArgumentException.class, () -> new IgOptions(rule, tooFew, true, 1000));
        assertTrue(options.getMessage().contains(rule.configName()), options.getMessage());
    }

    @Test
    void minimumStepsFollowCaptum() {
        assertEquals(1, QuadratureRule.GAUSS_LEGENDRE.minimumSteps());
        for (QuadratureRule rule : QuadratureRule.values()) {
            if (rule != QuadratureRule.GAUSS_LEGENDRE) {
                assertEquals(2, rule.minimumSteps(), rule.configName());
            }
        }
    }

    private static double integrateMonomial(Quadrature quadrature, int degree) {
        double[] alphas = quadrature.alphas();
        double[] weights = quadrature.weights();
        double sum = 0;
        for (int k = 0; k < alphas.length; k++) {
            sum += weights[k] * Math.pow(alphas[k], degree);
        }
        return sum;
    }
}
