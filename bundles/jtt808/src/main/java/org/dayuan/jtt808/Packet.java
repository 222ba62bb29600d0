package org.dayuan.jtt808;

/** The sub-packet fields of a header: the message's number of pieces and this piece's place, counted from 1. */
public record Packet(int total, int index) {
    public Packet {
        Fields.checkWord("total", total);
        Fields.checkWord("index", index);
        if (total < 1 || index < 1 || index > total) {
            throw new IllegalArgumentException("a sub-packet is piece 1.." + total + ": " + index);
        }
    }
}
