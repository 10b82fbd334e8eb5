package io.igaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.report.ReportModel.Swarm;
import io.igaudit.report.ReportModel.SwarmFeature;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The beeswarm colours a feature's dots by its values only when the values have an order. */
class BeeswarmTest {

    private static Set<String> fills(String svg) {
        Set<String> fills = new HashSet<>();
        Matcher m = Pattern.compile("<circle [^>]*fill=\"(#[0-9a-f]{6})\"").matcher(svg);
        while (m.find()) {
            fills.add(m.group(1));
        }
        return fills;
    }

    @Test
    void codesAreGreyAndNumbersRunFromLowToHigh() {
        float[] attributions = {-0.5f, -0.2f, 0f, 0.3f, 0.6f, 0.9f};
        float[] values = {1, 2, 3, 4, 5, 6};
        String codes = Beeswarm.render(new Swarm(6, List.of(new SwarmFeature("purpose", attributions, values, true))));
        assertEquals(Set.of(Colors.UNKNOWN), fills(codes), "a code's number says nothing about low or high");
        String numbers = Beeswarm.render(new Swarm(6, List.of(new SwarmFeature("age", attributions, values, false))));
        assertTrue(fills(numbers).size() > 2, "numbers coloured by value: " + fills(numbers));
    }
}
