package org.dayuan.safety.panels;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.gbt26875.FrameSplitter;
import org.dayuan.safety.Fixture;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.WriteCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Where a frame's time goes, on the registry in memory with the real alarm service: frames/s through
 * {@link PanelGateway#receive} (16 panels of 256 detectors, fire then normal, as PanelBench sends them), the share
 * spent in searches, against plain merges of the same detectors' status. Prints figures, asserts none; runs only with
 * {@code -Dpanel.cost=true}: {@code mvn -o -q -pl bundles/line-safety test -Dtest=PanelGatewayCost -Dpanel.cost=true}.
 */
@EnabledIfSystemProperty(named = "panel.cost", matches = "true")
class PanelGatewayCost {
    private static final int PANELS = 16;
    private static final int DETECTORS = 256;
    private static final int PER_PANEL = 64;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A search that counts its calls and their time. */
    static final class Timed implements TwinSearch {
        final TwinSearch inner;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();

        Timed(TwinSearch inner) {
            this.inner = inner;
        }

        @Override
        public SearchResult search(Caller caller, SearchQuery query) {
            long t0 = System.nanoTime();
            try {
                return inner.search(caller, query);
            } finally {
                calls.incrementAndGet();
                nanos.addAndGet(System.nanoTime() - t0);
            }
        }

        @Override
        public long count(Caller caller, String filter, List<String> namespaces) {
            return inner.count(caller, filter, namespaces);
        }

        @Override
        public List<Twin> descendants(Caller caller, TwinId root, String filter, int depth) {
            return inner.descendants(caller, root, filter, depth);
        }

        @Override
        public Predicate<Twin> filter(Caller caller, String rql) {
            return inner.filter(caller, rql);
        }
    }

    @Test
    void framesPerSecond() {
        Fixture f = new Fixture(java.time.Instant.parse("2026-12-06T02:05:31Z"));
        f.create("bench.fire:floor", "{\"definition\":\"dayuan:Floor:1.0.0\",\"attributes\":{\"name\":\"1层\"}}");
        for (int p = 0; p < PANELS; p++) {
            String room = "bench.fire:room-" + p;
            f.create(room, "{\"definition\":\"dayuan:Room:1.0.0\",\"attributes\":{\"name\":\"" + p
                    + "\",\"parent\":\"bench.fire:floor\"}}");
            f.create("bench.fire:cam-" + p, "{\"definition\":\"" + PanelGateway.CAMERA_MODEL
                    + "\",\"attributes\":{\"name\":\"cam\",\"parent\":\"" + room + "\"}}");
            f.create("bench.fire:fap-" + p, "{\"definition\":\"" + PanelGateway.PANEL_MODEL + "\",\"attributes\":"
                    + "{\"name\":\"fap\",\"parent\":\"" + room + "\",\"transmitter\":\"" + transmitter(p)
                    + "\",\"panelNumber\":1}}");
            for (int d = 0; d < DETECTORS; d++) {
                f.create(detector(p, d), "{\"definition\":\"" + PanelGateway.DETECTOR_MODEL + "\",\"attributes\":"
                        + "{\"name\":\"fd\",\"parent\":\"" + room + "\",\"kind\":\"smoke\",\"panel\":\"bench.fire:fap-"
                        + p + "\",\"loop\":" + (1 + d / 250) + ",\"address\":" + (1 + d % 250) + "}}");
            }
        }
        Timed search = new Timed(f.line.search());
        PanelGateway gateway = new PanelGateway(f.line.registry(), search, f.line.subscriptions(), f.alarms, f.clock,
                ZoneId.of("Asia/Shanghai"));
        long w0 = System.nanoTime();
        int first = round(gateway, 0, PER_PANEL); // every detector heard once, all normal: what is found is kept
        double firstSeconds = (System.nanoTime() - w0) / 1e9;
        System.out.printf(Locale.ROOT, "panel cost: first frame of each detector %.0f frames/s, %d searches%n",
                first / firstSeconds, search.calls.get());
        search.calls.set(0);
        search.nanos.set(0);
        long t0 = System.nanoTime();
        int frames = 0;
        for (int pass = 1; pass <= 2; pass++) { // fire, then back to normal
            frames += round(gateway, pass, PER_PANEL);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        long m0 = System.nanoTime();
        int merges = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < PER_PANEL; i++) {
                for (int p = 0; p < PANELS; p++) {
                    ObjectNode patch = NODES.objectNode();
                    patch.putObject("features").putObject("status").putObject("properties").put("fire", pass == 0);
                    f.line.registry().merge(f.line.registry().identity(), TwinId.of(detector(p, i)),
                            JsonPointer.empty(), patch, WriteCondition.NONE);
                    merges++;
                }
            }
        }
        double mergeSeconds = (System.nanoTime() - m0) / 1e9;
        System.out.printf(Locale.ROOT, "panel cost: %d frames in %.2f s = %.0f frames/s (%.0f us/frame);"
                        + " %d searches, %.0f us each, %.0f%% of the time; plain status merges %.0f/s;"
                        + " frames/merges = %.3f%n", frames, seconds, frames / seconds, 1e6 * seconds / frames,
                search.calls.get(), search.calls.get() == 0 ? 0.0 : search.nanos.get() / 1e3 / search.calls.get(),
                100.0 * search.nanos.get() / 1e9 / seconds, merges / mergeSeconds,
                (frames / seconds) / (merges / mergeSeconds));
    }

    /** One frame per panel per detector 0..n-1; odd passes fire, even ones normal. */
    private static int round(PanelGateway gateway, int pass, int n) {
        int frames = 0;
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < PANELS; p++) {
                int status = pass % 2 == 1 ? PanelGatewayTest.FIRE : PanelGatewayTest.NORMAL;
                byte[] frame = HandFrames.frame(i, transmitter(p), 2, HandFrames.component(1, 1 + i / 250,
                        1 + i % 250, status, ""), true);
                PanelGateway.Outcome out = gateway.receive("bench", new FrameSplitter.Piece(frame, null));
                if (out.rejected() != null) {
                    throw new IllegalStateException(out.rejected() + ": " + out.message());
                }
                frames++;
            }
        }
        return frames;
    }

    private static String transmitter(int p) {
        return String.format(Locale.ROOT, "3204120000%02d", p);
    }

    private static String detector(int p, int d) {
        return "bench.fire:fd-" + p + "-" + d;
    }
}
