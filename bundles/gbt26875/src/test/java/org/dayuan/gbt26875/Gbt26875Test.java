package org.dayuan.gbt26875;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames written out byte by byte from GB/T 26875.3-2011 §8 (not produced by the encoder): the decoder must read them
 * and the encoder must produce the very same bytes.
 */
class Gbt26875Test {
    static final LocalDateTime T = LocalDateTime.of(2026, 12, 6, 10, 5, 30);

    /** Bytes of a frame; {@code withData} is everything after the command, without checksum and end. */
    static byte[] frame(int serialLo, int serialHi, int command, int[] data, boolean goodSum) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write('@');
        b.write('@');
        int[] body = {
            serialLo, serialHi,                 // 业务流水号, low byte first
            1, 0,                               // 协议版本号 1.0
            30, 5, 10, 6, 12, 26,               // 时间标签: 30 s, 5 min, 10 h, 6th, December, 2026
            0x56, 0x34, 0x12, 0x00, 0x00, 0x00, // 源地址 0x000000123456, low byte first
            0x01, 0x00, 0x00, 0x00, 0x00, 0x00, // 目的地址 1
            data.length & 0xFF, data.length >> 8, // 应用数据单元长度, low byte first
            command};
        int sum = 0;
        for (int v : body) {
            b.write(v);
            sum += v;
        }
        for (int v : data) {
            b.write(v);
            sum += v;
        }
        b.write(goodSum ? sum & 0xFF : (sum + 1) & 0xFF);
        b.write('#');
        b.write('#');
        return b.toByteArray();
    }

    /** One component status (type 2) object: fire at loop 2 point 17 of panel (system address) 3, 烟感. */
    static int[] componentFire() {
        int[] d = new int[2 + 46];
        int i = 0;
        d[i++] = 2;     // 类型标志: 建筑消防设施部件运行状态
        d[i++] = 1;     // 信息对象数目
        d[i++] = 1;     // 系统类型: 火灾报警系统
        d[i++] = 3;     // 系统地址
        d[i++] = 41;    // 部件类型: 点型感烟火灾探测器
        d[i++] = 17;    // 部件地址, 4 bytes low first: point 17 ...
        d[i++] = 0;
        d[i++] = 2;     // ... loop 2
        d[i++] = 0;
        d[i++] = 0x03;  // 部件状态 low byte: bit 0 normal operation, bit 1 fire
        d[i++] = 0x00;
        byte[] text = "三楼烟感".getBytes(Gbt26875.GB18030);
        for (int k = 0; k < 31; k++) {
            d[i++] = k < text.length ? text[k] & 0xFF : 0;
        }
        int[] time = {12, 4, 10, 6, 12, 26};
        for (int v : time) {
            d[i++] = v;
        }
        return d;
    }

    @Test
    void readsAComponentFireBuiltFromTheStandard() throws Exception {
        byte[] bytes = frame(0x39, 0x30, 2, componentFire(), true);
        assertEquals(30 + 48, bytes.length);
        Frame f = Gbt26875.decode(bytes);
        assertEquals(0x3039, f.serial());
        assertEquals(1, f.versionMajor());
        assertEquals(T, f.time());
        assertEquals("000000123456", f.source().hex());
        assertEquals(1, f.destination().value());
        assertEquals(Command.SEND_DATA, f.command());
        ComponentStatus c = (ComponentStatus) f.data().objects().get(0);
        assertEquals(3, c.systemAddress());
        assertEquals(41, c.componentType());
        assertEquals(2, c.loop());
        assertEquals(17, c.point());
        assertTrue(c.has(ComponentStatus.FIRE));
        assertTrue(c.has(ComponentStatus.NORMAL));
        assertFalse(c.has(ComponentStatus.FAULT));
        assertEquals("三楼烟感", c.description());
        assertEquals(LocalDateTime.of(2026, 12, 6, 10, 4, 12), c.time());
        assertArrayEquals(bytes, Gbt26875.encode(f), "the encoder writes the standard's bytes");
    }

    @Test
    void readsSystemStatusOperationAnalogAndTime() throws Exception {
        int[] sys = {1, 1, 1, 3, 0x01, 0x03, 1, 2, 3, 6, 12, 26}; // status: normal + main (bit 8) + backup (bit 9)
        SystemStatus s = (SystemStatus) Gbt26875.decode(frame(1, 0, 2, sys, true)).data().objects().get(0);
        assertTrue(s.has(SystemStatus.MAIN_POWER_FAULT));
        assertTrue(s.has(SystemStatus.BACKUP_POWER_FAULT));
        assertFalse(s.has(SystemStatus.FIRE));
        assertEquals(LocalDateTime.of(2026, 12, 6, 3, 2, 1), s.time());

        int[] op = {4, 1, 1, 3, 0x01, 7, 0, 0, 8, 6, 12, 26}; // reset by operator 7
        OperationInfo o = (OperationInfo) Gbt26875.decode(frame(2, 0, 2, op, true)).data().objects().get(0);
        assertTrue(o.has(OperationInfo.RESET));
        assertEquals(7, o.operator());

        int[] an = {3, 1, 1, 3, 0x2A, 5, 0, 1, 0, 8, 0x18, 0xFC, 0, 0, 8, 6, 12, 26}; // pressure -1000
        AnalogValue a = (AnalogValue) Gbt26875.decode(frame(3, 0, 2, an, true)).data().objects().get(0);
        assertEquals(-1000, a.value());
        assertEquals(8, a.analogType());
        assertEquals(0x00010005L, a.componentAddress());

        int[] tm = {8, 2, 1, 3, 0, 0, 8, 6, 12, 26, 1, 4, 0, 0, 8, 6, 12, 26};
        List<InfoObject> times = Gbt26875.decode(frame(4, 0, 2, tm, true)).data().objects();
        assertEquals(2, times.size());
        assertEquals(4, times.get(1).systemAddress());

        for (int[] d : new int[][] {sys, op, an, tm}) {
            byte[] bytes = frame(9, 0, 2, d, true);
            assertArrayEquals(bytes, Gbt26875.encode(Gbt26875.decode(bytes)));
        }
    }

    @Test
    void readsAConfirmWithoutData() throws Exception {
        Frame f = Gbt26875.decode(frame(7, 0, 3, new int[0], true));
        assertEquals(Command.CONFIRM, f.command());
        assertNull(f.data());
    }

    @Test
    void theAnswerKeepsTheSerialAndSwapsTheAddresses() throws Exception {
        FrameException e = assertThrows(FrameException.class,
                () -> Gbt26875.decode(frame(0x39, 0x30, 2, componentFire(), false)));
        Frame deny = Frame.answer(e.header().orElseThrow(), Command.DENY, T);
        byte[] expected = frame(0x39, 0x30, 6, new int[0], true);
        // the expected frame has the test's source and destination; an answer goes the other way round
        byte[] swapped = expected.clone();
        for (int k = 0; k < 6; k++) {
            swapped[12 + k] = expected[18 + k];
            swapped[18 + k] = expected[12 + k];
        }
        assertArrayEquals(swapped, Gbt26875.encode(deny));
    }

    @Test
    void refusesEachMalformedFrameWithItsReason() {
        byte[] good = frame(1, 0, 2, componentFire(), true);
        assertReason(Reason.SHORT, new byte[] {'@'}, false);
        assertReason(Reason.SHORT, java.util.Arrays.copyOf(good, 20), false);
        byte[] start = good.clone();
        start[1] = '!';
        assertReason(Reason.START, start, false);
        byte[] end = good.clone();
        end[end.length - 1] = '$';
        assertReason(Reason.END, end, true);
        assertReason(Reason.CHECKSUM, frame(1, 0, 2, componentFire(), false), true);
        assertReason(Reason.LENGTH, java.util.Arrays.copyOf(good, good.length - 1), true);
        assertReason(Reason.COMMAND, frame(1, 0, 9, componentFire(), true), true);
        assertReason(Reason.COMMAND, frame(1, 0, 0, new int[0], true), true);
        int[] unknown = componentFire();
        unknown[0] = 7;
        assertReason(Reason.TYPE, frame(1, 0, 2, unknown, true), true);
        int[] none = {2, 0};
        assertReason(Reason.COUNT, frame(1, 0, 2, none, true), true);
        int[] two = componentFire();
        two[1] = 2;
        assertReason(Reason.TRUNCATED, frame(1, 0, 2, two, true), true);
        assertReason(Reason.TRUNCATED, frame(1, 0, 2, new int[] {2}, true), true);
        int[] extra = java.util.Arrays.copyOf(componentFire(), 49);
        assertReason(Reason.TRAILING, frame(1, 0, 2, extra, true), true);
        int[] badTime = componentFire();
        badTime[badTime.length - 2] = 13; // month 13
        assertReason(Reason.TIME, frame(1, 0, 2, badTime, true), true);
        assertReason(Reason.TOO_LARGE, frame(1, 0, 2, new int[1025], true), true);
    }

    @Test
    void refusesADataUnitBeyondTheMaximum() {
        ComponentStatus c = new ComponentStatus(1, 3, 41, 1, 3, "", T);
        InfoObject[] many = new InfoObject[23]; // 2 + 23 * 46 = 1060 > 1024
        java.util.Arrays.fill(many, c);
        assertThrows(IllegalArgumentException.class, () -> DataUnit.of(many));
        InfoObject[] most = new InfoObject[22]; // 2 + 22 * 46 = 1014
        java.util.Arrays.fill(most, c);
        assertEquals(1014, DataUnit.of(most).size());
    }

    @Test
    void roundTripsEveryObjectType() throws Exception {
        Address src = Address.parse("0A0B0C0D0E0F");
        assertEquals(0x0A0B0C0D0E0FL, src.value());
        List<DataUnit> units = List.of(
                DataUnit.of(new SystemStatus(1, 255, 0xFFFF, T), new SystemStatus(1, 0, 0, T)),
                DataUnit.of(new ComponentStatus(1, 2, 41, 0xFFFF_FFFFL, 0x1FF, "一二三四五六七八九十一二三四五六七八", T)),
                DataUnit.of(new AnalogValue(1, 2, 10, 5, 11, Short.MIN_VALUE, T)),
                DataUnit.of(new OperationInfo(1, 2, 0x7F, 255, T)),
                DataUnit.of(new SystemTime(1, 2, LocalDateTime.of(2099, 2, 28, 23, 59, 59))));
        for (DataUnit u : units) {
            Frame f = Frame.sendData(65535, T, src, new Address(Address.MAX), u);
            Frame back = Gbt26875.decode(Gbt26875.encode(f));
            if (u.type() == ComponentStatus.TYPE) {
                // 18 two-byte characters do not fit 31 bytes: the text is cut after 15 whole characters
                assertEquals("一二三四五六七八九十一二三四五", ((ComponentStatus) back.data().objects().get(0)).description());
            } else {
                assertEquals(f, back);
            }
        }
    }

    static void assertReason(Reason reason, byte[] bytes, boolean answerable) {
        FrameException e = assertThrows(FrameException.class, () -> Gbt26875.decode(bytes));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(answerable, e.header().isPresent(), e.getMessage());
        assertTrue(e.getMessage().startsWith(reason.code() + ": "), e.getMessage());
    }
}
