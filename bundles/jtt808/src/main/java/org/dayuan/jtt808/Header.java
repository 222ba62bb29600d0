package org.dayuan.jtt808;

/**
 * A message header. {@code v2019} is the version flag (attribute bit 14): a 2019 header carries a protocol version byte
 * and a 20-digit phone number (BCD[10]), a 2013 header 12 digits (BCD[6]). The phone number is kept as all its digits,
 * padded on the left with zeros as on the wire; {@link #terminal()} is the number without them, which is how the
 * same terminal is recognised under either header. {@code packet} is null for a message in one piece. The body length
 * is not part of the record: the encoder writes the body's, the decoder checks it.
 */
public record Header(int msgId, boolean v2019, int protocolVersion, String phone, int serial, int encryption,
                     Packet packet) {
    public Header {
        Fields.checkWord("msgId", msgId);
        Fields.checkByte("protocolVersion", protocolVersion);
        Fields.checkWord("serial", serial);
        if (encryption < 0 || encryption > 7) {
            throw new IllegalArgumentException("encryption is three bits (0-7): " + encryption);
        }
        if (!v2019 && protocolVersion != 0) {
            throw new IllegalArgumentException("a 2013 header has no protocol version");
        }
        int digits = v2019 ? 20 : 12;
        if (phone == null || phone.isEmpty() || phone.length() > digits
                || !phone.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the phone number is 1-" + digits + " digits: " + phone);
        }
        phone = "0".repeat(digits - phone.length()) + phone;
    }

    /** A 2013 header of a message in one piece, without encryption. */
    public static Header v2013(int msgId, String phone, int serial) {
        return new Header(msgId, false, 0, phone, serial, 0, null);
    }

    /** A 2019 header of a message in one piece, without encryption; the standard's first 2019 version is 1. */
    public static Header v2019(int msgId, int protocolVersion, String phone, int serial) {
        return new Header(msgId, true, protocolVersion, phone, serial, 0, null);
    }

    /** A header for the platform's answer to this one: same version and terminal, the platform's own serial. */
    public Header answer(int answerMsgId, int platformSerial) {
        return new Header(answerMsgId, v2019, protocolVersion, phone, platformSerial, 0, null);
    }

    public Header withPacket(Packet p, int newSerial) {
        return new Header(msgId, v2019, protocolVersion, phone, newSerial, encryption, p);
    }

    /** The phone number without the zeros that pad it to the header's width. */
    public String terminal() {
        return terminal(phone);
    }

    /** A phone number without leading zeros ("0" stays), so 12- and 20-digit forms of one number compare equal. */
    public static String terminal(String phone) {
        int i = 0;
        while (i < phone.length() - 1 && phone.charAt(i) == '0') {
            i++;
        }
        return phone.substring(i);
    }

    /** Bytes of this header on the wire (before escaping). */
    public int size() {
        return (v2019 ? 17 : 12) + (packet == null ? 0 : 4);
    }
}
