package org.dayuan.alarms;

/** A step a person (or a line) takes on an alarm; the JSON and URL value is {@link #json()}. */
public enum AlarmAction {
    ACKNOWLEDGE("acknowledge"),
    SHELVE("shelve"),
    UNSHELVE("unshelve"),
    OUT_OF_SERVICE("outOfService"),
    RETURN_TO_SERVICE("returnToService"),
    VERIFY("verify"),
    CLOSE("close");

    private final String json;

    AlarmAction(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The action whose JSON value is {@code text}, or an IllegalArgumentException. */
    public static AlarmAction of(String text) {
        for (AlarmAction a : values()) {
            if (a.json.equals(text)) {
                return a;
            }
        }
        throw new IllegalArgumentException("No alarm action '" + text + "'");
    }
}
