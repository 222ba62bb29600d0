package org.dayuan.safety.panels;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;

/** GB/T 26875.3 frames written byte by byte from the standard's layout, not by the codec under test. */
final class HandFrames {
    static final Charset GB18030 = Charset.forName("GB18030");
    /** 2026-12-06 10:05:30 local time: second, minute, hour, day, month, year - 2000. */
    static final int[] TIME = {30, 5, 10, 6, 12, 26};
    static final int[] CENTRE = {0, 0, 0, 0, 0, 0};

    private HandFrames() {
    }

    /** 12 hex digits, most significant first, as the 6 bytes the wire carries (low byte first). */
    static int[] address(String hex) {
        int[] out = new int[6];
        for (int i = 0; i < 6; i++) {
            out[5 - i] = Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static byte[] frame(int serial, String source, int command, int[] data, boolean goodSum) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write('@');
        b.write('@');
        int sum = 0;
        int[][] parts = {
            {serial & 0xFF, serial >> 8}, {1, 0}, TIME, address(source), CENTRE,
            {data.length & 0xFF, data.length >> 8}, {command}, data};
        for (int[] part : parts) {
            for (int v : part) {
                b.write(v);
                sum += v;
            }
        }
        b.write(goodSum ? sum & 0xFF : (sum + 7) & 0xFF);
        b.write('#');
        b.write('#');
        return b.toByteArray();
    }

    /** Data unit type 2 with one component status: status bits (bit 1 fire, 2 fault, 3 disabled, 4 supervisory). */
    static int[] component(int panelNumber, int loop, int point, int status, String text) {
        int[] d = new int[48];
        int i = 0;
        d[i++] = 2;
        d[i++] = 1;
        d[i++] = 1;                 // system type: fire alarm system
        d[i++] = panelNumber;       // system address
        d[i++] = 41;                // component type: point smoke detector
        d[i++] = point & 0xFF;      // component address, low byte first: point in the low word ...
        d[i++] = point >> 8;
        d[i++] = loop & 0xFF;       // ... loop in the high word
        d[i++] = loop >> 8;
        d[i++] = status & 0xFF;
        d[i++] = status >> 8;
        byte[] t = text.getBytes(GB18030);
        for (int k = 0; k < 31; k++) {
            d[i++] = k < t.length ? t[k] & 0xFF : 0;
        }
        for (int v : TIME) {
            d[i++] = v;
        }
        return d;
    }

    /** Data unit type 1 with one system status. */
    static int[] system(int panelNumber, int status) {
        int[] d = {1, 1, 1, panelNumber, status & 0xFF, status >> 8, 0, 0, 0, 0, 0, 0};
        System.arraycopy(TIME, 0, d, 6, 6);
        return d;
    }
}
