package org.dayuan.auth.internal;

/** User names as they come from requests: checked before use and defanged before they reach a log line. */
public final class Names {
    /** Longer names are refused outright; no realm has them and they only bloat the lockout table. */
    public static final int MAX_USER_LENGTH = 256;

    private Names() {
    }

    /** Whether {@code user} can be a user name: not blank, not too long, no control characters. */
    public static boolean isPlausibleUser(String user) {
        if (user == null || user.isBlank() || user.length() > MAX_USER_LENGTH) {
            return false;
        }
        return user.chars().noneMatch(Character::isISOControl);
    }

    /**
     * {@code user} made safe for a log line: control characters escaped (no forged lines) and cut at 64 characters.
     */
    public static String forLog(String user) {
        if (user == null) {
            return "<none>";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < user.length() && out.length() < 64; i++) {
            char c = user.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return user.length() > 64 ? out + "..." : out.toString();
    }
}
