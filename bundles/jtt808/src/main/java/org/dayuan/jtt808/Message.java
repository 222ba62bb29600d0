package org.dayuan.jtt808;

/** A whole message read: its header (never a sub-packet's, those are reassembled first) and its body. */
public record Message(Header header, Body body) {
    public Message {
        if (header == null || body == null) {
            throw new IllegalArgumentException("header and body are required");
        }
        if (header.msgId() != body.id()) {
            throw new IllegalArgumentException(String.format("header says 0x%04x, the body is 0x%04x", header.msgId(),
                    body.id()));
        }
    }
}
