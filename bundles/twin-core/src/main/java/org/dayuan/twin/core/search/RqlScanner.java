package org.dayuan.twin.core.search;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;

/**
 * The lexical level shared by the filter and the option parser: a position in the text, Ditto's tokens (operator
 * words, properties, quoted strings, numbers) and errors that name the 0-based character position and what was
 * expected there. Not thread-safe; one per parse.
 */
final class RqlScanner {
    /** Tells clients how to read the position in every error message. */
    private static final String POSITIONS = " Positions count characters from 0.";

    private final String text;
    private final ErrorCode code;
    private final String what;
    private int pos;

    /** @param what how errors name the text: "RQL" or "option" */
    RqlScanner(String text, ErrorCode code, String what) {
        this.text = text;
        this.code = code;
        this.what = what;
    }

    int pos() {
        return pos;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    char peek() {
        return atEnd() ? '\0' : text.charAt(pos);
    }

    void skipSpace() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** Skips whitespace, then consumes {@code c} if it comes next. */
    boolean accept(char c) {
        skipSpace();
        if (!atEnd() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Skips whitespace, then consumes {@code c} or fails with "expected {@code expectation}". */
    void expect(char c, String expectation) {
        if (!accept(c)) {
            throw expected(expectation);
        }
    }

    /** An error at the current position: "expected X but found Y". */
    DayuanException expected(String expectation) {
        skipSpace();
        return error(pos, "expected " + expectation + " but found " + found());
    }

    /** What is at the current position, for messages. */
    String found() {
        if (atEnd()) {
            return "the end of the " + (what.equals("RQL") ? "filter" : what);
        }
        int cp = text.codePointAt(pos);
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    DayuanException error(int at, String message) {
        String sentence = message.endsWith(".") ? message : message + ".";
        return code.exception("Invalid " + what + " at position " + at + ": " + sentence,
                code.description() + POSITIONS);
    }

    /** ASCII letters, e.g. an operator or option name; empty when none follow. */
    String word() {
        int start = pos;
        while (!atEnd() && isAsciiLetter(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /**
     * A property as Ditto reads it: every character up to ',', ')' or a double quote, with backslash escapes, trailing
     * whitespace dropped. Empty when none follow.
     */
    String property() {
        StringBuilder b = new StringBuilder();
        while (!atEnd()) {
            char c = text.charAt(pos);
            if (c == ',' || c == ')' || c == '"') {
                break;
            }
            if (c == '\\') {
                escape(b);
            } else {
                b.append(c);
                pos++;
            }
        }
        int end = b.length();
        while (end > 0 && Character.isWhitespace(b.charAt(end - 1))) {
            end--;
        }
        return b.substring(0, end);
    }

    /** A string in double or single quotes (the current character), with JSON's escapes plus {@code \'}. */
    String quoted() {
        int start = pos;
        char quote = text.charAt(pos++);
        StringBuilder b = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw error(start, "the string starting here is not closed with " + quote);
            }
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return b.toString();
            }
            if (c == '\\') {
                escape(b);
            } else {
                b.append(c);
                pos++;
            }
        }
    }

    /** Reads the escape at the current backslash into {@code b}. */
    private void escape(StringBuilder b) {
        int start = pos;
        pos++;
        if (atEnd()) {
            throw error(start, "a backslash must be followed by an escaped character");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"', '\\', '/', '\'' -> b.append(c);
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'n' -> b.append('\n');
            case 'r' -> b.append('\r');
            case 't' -> b.append('\t');
            case 'u' -> {
                if (pos + 4 > text.length()) {
                    throw error(start, "'\\u' must be followed by four hex digits");
                }
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = Character.digit(text.charAt(pos + i), 16);
                    if (d < 0) {
                        throw error(start, "'\\u' must be followed by four hex digits");
                    }
                    v = v * 16 + d;
                }
                pos += 4;
                b.append((char) v);
            }
            default -> throw error(start, "invalid escape '\\" + c + "'; use \\\", \\', \\\\, \\/, \\b, \\f, \\n, \\r,"
                    + " \\t or \\uXXXX");
        }
    }

    /**
     * A JSON number, optionally with a leading '+': a {@code Long} when it is an integer that fits, otherwise a
     * {@code Double}. The current character is a sign or a digit.
     */
    Object number() {
        int start = pos;
        if (peek() == '+' || peek() == '-') {
            pos++;
        }
        if (atEnd() || !isDigit(peek())) {
            throw error(start, "expected digits after the sign but found " + found());
        }
        boolean integral = true;
        if (peek() == '0') {
            pos++;
        } else {
            digits();
        }
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw error(pos, "expected digits after the decimal point but found " + found());
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error(pos, "expected the exponent's digits but found " + found());
            }
            digits();
        }
        String literal = text.substring(text.charAt(start) == '+' ? start + 1 : start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooLong) {
                // falls through to a double, as JSON readers do with integers beyond 64 bits
            }
        }
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) {
            throw error(start, "the number " + literal + " is out of range");
        }
        return d;
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
