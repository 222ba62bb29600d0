package org.dayuan.office.ledger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Real Excel workbooks built with Apache POI, as Excel writes them (shared strings) or as streaming writers do
 * (inline strings): a cell that parses as a number is written as a number, {@code date:2026-03-01} as a date cell.
 */
final class Workbooks {
    private Workbooks() {
    }

    static byte[] xlsx(List<List<String>> rows) {
        return write(new XSSFWorkbook(), rows);
    }

    static byte[] streamed(List<List<String>> rows) {
        return write(new SXSSFWorkbook(), rows);
    }

    static byte[] write(Workbook wb, List<List<String>> rows) {
        try (wb; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("台账");
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    String v = rows.get(r).get(c);
                    if (v == null) {
                        continue;
                    }
                    if (v.startsWith("date:")) {
                        row.createCell(c).setCellValue(LocalDate.parse(v.substring(5)));
                        row.getCell(c).setCellStyle(date);
                    } else if (r > 0 && v.matches("-?\\d+(\\.\\d+)?") && !v.matches("0\\d+")) {
                        row.createCell(c).setCellValue(Double.parseDouble(v));
                    } else {
                        row.createCell(c).setCellValue(v);
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
