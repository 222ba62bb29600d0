package org.dayuan.twin.core.models;

import static org.dayuan.twin.core.models.ModelFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.core.Registry;
import org.dayuan.twin.spi.TwinJournal;
import org.junit.jupiter.api.Test;

/** Activate and deactivate the component directly; which error a bad write gets shows whether it is attached. */
class ModelValidationComponentTest {
    private final Registry registry = new Registry(new DownJournal(), e -> { }, 100_000);

    private ErrorCode writeBadRoom() {
        ObjectNode room = (ObjectNode) json("{'definition':'dayuan:Room:1.0.0','attributes':{'usableArea':-3}}");
        return assertThrows(DayuanException.class, () -> registry.create(Registry.SELF, TwinId.of("cz.wujin:r"), room))
                .errorCode();
    }

    @Test
    void activationAttachesTheValidatorAndDeactivationTakesItOff() {
        ModelValidationComponent component = new ModelValidationComponent(registry, ModelFixtures.core(), config(true));
        assertEquals(ModelErrors.MODEL_VIOLATION, writeBadRoom());
        component.deactivate();
        assertEquals(ErrorCode.STORE_UNAVAILABLE, writeBadRoom(), "unchecked, the write reaches the journal");
    }

    @Test
    void disabledAttachesNothing() {
        new ModelValidationComponent(registry, ModelFixtures.core(), config(false)).deactivate();
        assertEquals(ErrorCode.STORE_UNAVAILABLE, writeBadRoom());
    }

    private static ModelValidationConfig config(boolean enabled) {
        return new ModelValidationConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return ModelValidationConfig.class;
            }
        };
    }

    /** A journal that is down: a write that passes validation ends here with 503. */
    private static final class DownJournal implements TwinJournal {
        @Override
        public CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events, Consumer<List<TwinEvent>> onCommit) {
            return CompletableFuture.failedFuture(ErrorCode.STORE_UNAVAILABLE.exception("down"));
        }

        @Override
        public CompletableFuture<Void> snapshot(long seq, Collection<Twin> twins) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Snapshot latestSnapshot() {
            return new Snapshot(0, List.of());
        }

        @Override
        public void replay(long afterSeq, Consumer<TwinEvent> sink) {
        }

        @Override
        public long lastSeq() {
            return 0;
        }

        @Override
        public String describe() {
            return "down";
        }

        @Override
        public boolean isHealthy() {
            return false;
        }
    }
}
