package org.dayuan.office.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.dayuan.twin.DayuanException;
import org.junit.jupiter.api.Test;

class SheetReadersTest {
    private static final int MAX_ROWS = 100;
    private static final long MAX_UNPACKED = 4 * 1024 * 1024;

    private static List<SheetRow> csv(byte[] body) {
        return CsvSheet.read(body, MAX_ROWS, row -> { });
    }

    private static List<SheetRow> xlsx(byte[] body) {
        return XlsxSheet.read(body, MAX_UNPACKED, MAX_ROWS, row -> { });
    }

    @Test
    void csvQuotingKeepsCommasQuotesAndLineBreaksInOneCellAndRowsAreNumberedAsASpreadsheetShowsThem() {
        List<SheetRow> rows = csv(("房间编码,租赁对方,使用人\r\n"
                + "A-1,\"某银行, 武进支行\",\"王建国|副科|县级\n李晓明|科员及以下|县级\"\r\n"
                + "A-2,\"说 \"\"甲\"\"\",\r\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(3, rows.size());
        assertEquals(List.of("A-1", "某银行, 武进支行", "王建国|副科|县级\n李晓明|科员及以下|县级"), rows.get(1).cells());
        assertEquals(3, rows.get(2).number());
        assertEquals("说 \"甲\"", rows.get(2).cell(1));
        assertEquals("", rows.get(2).cell(2));
    }

    @Test
    void csvIsUtf8WithOrWithoutBomOrElseGb18030AsChineseExcelSavesIt() {
        String text = "房间编码,房间名称\nA-1,发改局 办公室\n";
        List<String> expected = List.of("A-1", "发改局 办公室");
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xef;
        bom[1] = (byte) 0xbb;
        bom[2] = (byte) 0xbf;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        assertEquals(expected, csv(utf8).get(1).cells());
        assertEquals("房间编码", csv(bom).get(0).cell(0));
        assertEquals(expected, csv(text.getBytes(Charset.forName("GB18030"))).get(1).cells());
        assertEquals(expected, csv(text.getBytes(Charset.forName("GBK"))).get(1).cells());
    }

    @Test
    void badCsvIsRefusedSayingWhy() {
        LedgerInvalidException open = assertThrows(LedgerInvalidException.class,
                () -> csv("房间编码,房间名称\nA-1,\"not closed\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(open.problems().get(0).message().contains("double quote"), open.getMessage());
        byte[] broken = "房间编码\n".getBytes(StandardCharsets.UTF_8);
        byte[] bomThenGbk = new byte[3 + broken.length + 2];
        bomThenGbk[0] = (byte) 0xef;
        bomThenGbk[1] = (byte) 0xbb;
        bomThenGbk[2] = (byte) 0xbf;
        System.arraycopy(broken, 0, bomThenGbk, 3, broken.length);
        bomThenGbk[bomThenGbk.length - 2] = (byte) 0xb7;
        bomThenGbk[bomThenGbk.length - 1] = (byte) 0xa2;
        assertTrue(assertThrows(LedgerInvalidException.class, () -> csv(bomThenGbk)).problems().get(0).message()
                .contains("not UTF-8"));
        StringBuilder many = new StringBuilder("房间编码\n");
        for (int i = 0; i <= MAX_ROWS; i++) {
            many.append("A-").append(i).append('\n');
        }
        LedgerInvalidException tooMany = assertThrows(LedgerInvalidException.class,
                () -> csv(many.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(MAX_ROWS + 2, tooMany.problems().get(0).row());
        assertTrue(tooMany.problems().get(0).message().contains("more than 100 rooms"));
    }

    @Test
    void anExcelWorkbookReadsAsItsCellsShowWithSharedOrInlineStrings() {
        List<List<String>> table = List.of(
                List.of("房间编码", "房间号", "使用面积(㎡)", "起租日", "使用人"),
                List.of("320412-XZZX-A-0305", "305", "18.5", "date:2026-03-01", "王建国|副科|县级|F017"),
                new ArrayList<>(java.util.Arrays.asList("320412-XZZX-A-0306", null, "24", null, "")));
        for (byte[] workbook : List.of(Workbooks.xlsx(table), Workbooks.streamed(table))) {
            List<SheetRow> rows = xlsx(workbook);
            assertEquals(3, rows.size());
            assertEquals(List.of("房间编码", "房间号", "使用面积(㎡)", "起租日", "使用人"), rows.get(0).cells());
            SheetRow first = rows.get(1);
            assertEquals(2, first.number());
            assertEquals("305", first.cell(1));
            assertEquals("18.5", first.cell(2));
            // a date cell is a day number; the ledger's date columns read it as Excel does
            assertEquals("2026-03-01", LedgerColumn.date(first.cell(3)).toString());
            assertEquals("王建国|副科|县级|F017", first.cell(4));
            assertEquals("", rows.get(2).cell(1));
            assertEquals("24", rows.get(2).cell(2));
        }
    }

    @Test
    void whatIsNoWorkbookIsRefusedSayingWhatToSend() throws Exception {
        ByteArrayOutputStream xls = new ByteArrayOutputStream();
        try (HSSFWorkbook old = new HSSFWorkbook()) {
            old.createSheet("台账").createRow(0).createCell(0).setCellValue("房间编码");
            old.write(xls);
        }
        assertTrue(assertThrows(LedgerInvalidException.class, () -> xlsx(xls.toByteArray())).problems().get(0)
                .message().contains(".xls"));
        assertTrue(assertThrows(LedgerInvalidException.class,
                () -> xlsx("房间编码\nA-1\n".getBytes(StandardCharsets.UTF_8))).problems().get(0).message()
                .contains("not an Excel workbook"));
    }

    @Test
    void aZipBombIsRefusedWith413BeforeItIsUnpacked() throws Exception {
        // a real workbook whose sheet is padded with 8 MB of blanks: small packed, huge unpacked
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (ZipInputStream real = new ZipInputStream(new ByteArrayInputStream(
                Workbooks.xlsx(List.of(List.of("房间编码"), List.of("A-1")))));
                ZipOutputStream zip = new ZipOutputStream(bomb)) {
            for (ZipEntry e; (e = real.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(real.readAllBytes());
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    byte[] spaces = new byte[1 << 20];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    for (int i = 0; i < 8; i++) {
                        zip.write(spaces);
                    }
                }
            }
        }
        assertTrue(bomb.size() < 64 * 1024, "the bomb is small packed: " + bomb.size());
        DayuanException e = assertThrows(DayuanException.class, () -> xlsx(bomb.toByteArray()));
        assertEquals(413, e.status());
        assertEquals("office:ledger.toolarge", e.errorCode().code());
    }

    @Test
    void aSheetWithMoreRowsThanAllowedIsRefusedNamingTheRow() {
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("房间编码"));
        for (int i = 0; i <= MAX_ROWS; i++) {
            table.add(List.of("A-" + i));
        }
        LedgerInvalidException e = assertThrows(LedgerInvalidException.class, () -> xlsx(Workbooks.xlsx(table)));
        assertEquals(MAX_ROWS + 2, e.problems().get(0).row());
    }
}
