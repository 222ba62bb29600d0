package org.dayuan.jtt808;

import java.util.HexFormat;

final class Hex {
    private Hex() {
    }

    static byte[] of(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static String of(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
