package org.dayuan.alarms;

/**
 * Where an alarm stands in its lifecycle (after ANSI/ISA-18.2 and EEMUA 191). Whether its condition is still present
 * is separate: the alarm's {@code active} attribute. A condition's return to normal is recorded but never closes an
 * alarm; only a person closes one, once it is verified.
 *
 * <pre>
 * unacknowledged --acknowledge--> acknowledged --verify(result)--> verified --close--> closed
 *  unacknowledged | acknowledged --shelve(until)--> shelved --unshelve or expiry--> the state it was shelved from
 *  any open state --outOfService--> outOfService --returnToService--> unacknowledged
 * </pre>
 */
public enum AlarmState {
    UNACKNOWLEDGED("unacknowledged"),
    ACKNOWLEDGED("acknowledged"),
    VERIFIED("verified"),
    SHELVED("shelved"),
    OUT_OF_SERVICE("outOfService"),
    CLOSED("closed");

    private final String json;

    AlarmState(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public boolean open() {
        return this != CLOSED;
    }

    /** The state whose JSON value is {@code text}, or an IllegalArgumentException. */
    public static AlarmState of(String text) {
        for (AlarmState s : values()) {
            if (s.json.equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("No alarm state '" + text + "'");
    }
}
