package org.dayuan.twin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void rendersHelpTypeAndSamplesOncePerMetricSortedByName() {
        PrometheusText text = new PrometheusText();
        text.include(sink -> {
            sink.gauge("dayuan_b", "B things.", 2.5);
            sink.counter("dayuan_a_total", "A things.", 3, "kind", "x");
        });
        text.include(sink -> sink.counter("dayuan_a_total", "A things.", 4, "kind", "y"));
        assertEquals("""
                # HELP dayuan_a_total A things.
                # TYPE dayuan_a_total counter
                dayuan_a_total{kind="x"} 3
                dayuan_a_total{kind="y"} 4
                # HELP dayuan_b B things.
                # TYPE dayuan_b gauge
                dayuan_b 2.5
                """, text.render());
    }

    @Test
    void escapesLabelValuesAndHelp() {
        PrometheusText text = new PrometheusText();
        text.gauge("dayuan_x", "Help with \\ and\nnewline.", 1, "route", "a\"b\\c\nd", "line", "能耗");
        assertEquals("""
                # HELP dayuan_x Help with \\\\ and\\nnewline.
                # TYPE dayuan_x gauge
                dayuan_x{route="a\\"b\\\\c\\nd",line="能耗"} 1
                """, text.render());
    }

    @Test
    void histogramBucketsAreCumulativeWithInfSumAndCount() {
        Histogram h = new Histogram(0.1, 1, 10);
        for (double v : new double[] {0.05, 0.1, 0.5, 3, 3, 100}) {
            h.observe(v);
        }
        h.observe(Double.NaN);
        PrometheusText text = new PrometheusText();
        text.histogram("dayuan_commit_seconds", "Commit time.", h.snapshot(), "store", "h2");
        assertEquals("""
                # HELP dayuan_commit_seconds Commit time.
                # TYPE dayuan_commit_seconds histogram
                dayuan_commit_seconds_bucket{store="h2",le="0.1"} 2
                dayuan_commit_seconds_bucket{store="h2",le="1"} 3
                dayuan_commit_seconds_bucket{store="h2",le="10"} 5
                dayuan_commit_seconds_bucket{store="h2",le="+Inf"} 6
                dayuan_commit_seconds_sum{store="h2"} 106.65
                dayuan_commit_seconds_count{store="h2"} 6
                """, text.render());
    }

    @Test
    void numbersAsPrometheusReadsThem() {
        assertEquals("0", PrometheusText.number(0));
        assertEquals("-7", PrometheusText.number(-7));
        assertEquals("1234567890123", PrometheusText.number(1234567890123L));
        assertEquals("0.25", PrometheusText.number(0.25));
        assertEquals("1.0E20", PrometheusText.number(1e20));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.number(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
    }

    @Test
    void refusesWhatAParserWouldReject() {
        PrometheusText text = new PrometheusText();
        assertThrows(IllegalArgumentException.class, () -> text.counter("dayuan_writes", "No _total.", 1));
        assertThrows(IllegalArgumentException.class, () -> text.gauge("dayuan-x", "Bad name.", 1));
        assertThrows(IllegalArgumentException.class, () -> text.gauge("dayuan_x", " ", 1));
        assertThrows(IllegalArgumentException.class, () -> text.gauge("dayuan_x", "Bad label.", 1, "a-b", "v"));
        assertThrows(IllegalArgumentException.class, () -> text.gauge("dayuan_x", "Reserved.", 1, "__a", "v"));
        assertThrows(IllegalArgumentException.class, () -> text.gauge("dayuan_x", "Le.", 1, "le", "1"));
        assertThrows(IllegalArgumentException.class, () -> text.gauge("dayuan_x", "Odd.", 1, "a"));
        assertThrows(IllegalArgumentException.class, () -> text.gauge("dayuan_x", "Twice.", 1, "a", "1", "a", "2"));
        assertThrows(IllegalArgumentException.class, () -> text.histogram("dayuan_h_count", "Suffix.",
                new Histogram(1).snapshot()));
        text.gauge("dayuan_y", "Y.", 1, "a", "1");
        assertThrows(IllegalArgumentException.class, () -> text.gauge("dayuan_y", "Y.", 2, "a", "1"));
        assertThrows(IllegalArgumentException.class, () -> text.gauge("dayuan_y", "Other help.", 2, "a", "2"));
        assertThrows(IllegalArgumentException.class, () -> text.counter("dayuan_y", "Y.", 2, "a", "3"));
    }

    @Test
    void aFaultySourceAddsNothingAndLeavesTheOthers() {
        PrometheusText text = new PrometheusText();
        text.include(sink -> sink.gauge("dayuan_ok", "Fine.", 1));
        assertThrows(IllegalStateException.class, () -> text.include(sink -> {
            sink.gauge("dayuan_half", "Half written.", 1);
            throw new IllegalStateException("broken");
        }));
        assertThrows(IllegalArgumentException.class, () -> text.include(sink -> {
            sink.gauge("dayuan_other", "Other.", 1);
            sink.gauge("dayuan_ok", "Fine.", 2);
        }));
        assertEquals("""
                # HELP dayuan_ok Fine.
                # TYPE dayuan_ok gauge
                dayuan_ok 1
                """, text.render());
    }

    @Test
    void histogramRefusesBoundsThatAreNotIncreasing() {
        assertThrows(IllegalArgumentException.class, () -> new Histogram());
        assertThrows(IllegalArgumentException.class, () -> new Histogram(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Histogram(1, Double.POSITIVE_INFINITY));
        assertTrue(Histogram.seconds().snapshot().count() == 0);
    }
}
