package org.dayuan.camel.twin;

import org.apache.camel.spi.Metadata;

/** Message headers of the {@code twin:} component; where a header and an endpoint option both give a value, the header wins. */
public final class TwinConstants {
    @Metadata(description = "The thingId to operate on (producer) or the twin an event is about (consumer).",
            javaType = "String")
    public static final String THING_ID = "DayuanTwinId";
    @Metadata(description = "JSON pointer inside the twin, e.g. /features/energy/properties.", javaType = "String")
    public static final String PATH = "DayuanTwinPath";
    @Metadata(description = "The twin's revision after the operation (producer) or the event (consumer).",
            javaType = "long")
    public static final String REVISION = "DayuanTwinRevision";
    @Metadata(description = "Whether a put created the twin or the value.", javaType = "boolean")
    public static final String CREATED = "DayuanTwinCreated";
    @Metadata(description = "RQL filter for search and count.", javaType = "String")
    public static final String FILTER = "DayuanTwinFilter";
    @Metadata(description = "Cursor of the next search page, absent on the last page.", javaType = "String")
    public static final String CURSOR = "DayuanTwinCursor";
    @Metadata(description = "Consumer: the event type (created, modified, merged, deleted).", javaType = "String")
    public static final String EVENT_TYPE = "DayuanTwinEventType";
    @Metadata(description = "Consumer: the event's journal position, unique and increasing.", javaType = "long")
    public static final String SEQ = "DayuanTwinSeq";
    @Metadata(description = "Consumer: the whole twin right after the event (org.dayuan.twin.Twin); absent after a"
            + " delete.", javaType = "org.dayuan.twin.Twin")
    public static final String TWIN = "DayuanTwin";

    private TwinConstants() {
    }
}
