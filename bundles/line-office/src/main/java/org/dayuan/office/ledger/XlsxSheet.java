package org.dayuan.office.ledger;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntConsumer;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler.SheetContentsHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * The first worksheet of an Excel workbook (.xlsx), read with Apache POI's streaming (SAX) path: the sheet is never
 * held as a document, only its rows as text (shared and inline strings, formula results, numbers in their shortest
 * decimal form, booleans). The shared strings and the sheet together may unpack to at most {@code maxUnpacked}
 * bytes, and POI's own zip-bomb guards (entry size, inflate ratio) are set, so a small file with a huge sheet is
 * refused with a 413 before it fills the memory.
 */
final class XlsxSheet {
    static final ErrorCode TOO_LARGE = new ErrorCode("office:ledger.toolarge", 413,
            "Send a smaller file: split the ledger by building, or remove pictures and other sheets.");
    /** A sheet of text compresses about 10:1; a ratio under 1:100 is a bomb, not a ledger. */
    private static final double MIN_INFLATE_RATIO = 0.01;

    private XlsxSheet() {
    }

    static List<SheetRow> read(byte[] body, long maxUnpacked, int maxRows, IntConsumer progress) {
        FileMagic magic;
        try {
            magic = FileMagic.valueOf(body);
        } catch (RuntimeException e) {
            magic = FileMagic.UNKNOWN;
        }
        if (magic != FileMagic.OOXML) {
            throw notWorkbook(magic == FileMagic.OLE2);
        }
        // xmlbeans finds its schema types through the context class loader: inside OSGi that must be this bundle's
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(XlsxSheet.class.getClassLoader());
        Path file = null;
        try {
            ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
            ZipSecureFile.setMaxEntrySize(maxUnpacked);
            // a file, not a stream: POI then reads the zip's central directory, which some writers rely on
            file = Files.createTempFile("dayuan-ledger-", ".xlsx");
            Files.write(file, body);
            return rows(file.toFile(), new Budget(maxUnpacked), maxRows, progress);
        } catch (DayuanException refused) {
            throw refused;
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DayuanException refused) {
                    throw refused; // our own refusal (too many rows, too large), thrown from inside the parser
                }
            }
            if (bomb(e)) {
                throw tooLarge(maxUnpacked);
            }
            throw new LedgerInvalidException(List.of(LedgerProblem.file("the workbook cannot be read ("
                    + e.getMessage() + "); save it again from Excel as .xlsx, or as CSV UTF-8")));
        } finally {
            thread.setContextClassLoader(caller);
            delete(file);
        }
    }

    private static List<SheetRow> rows(File file, Budget budget, int maxRows, IntConsumer progress) throws Exception {
        try (OPCPackage pkg = OPCPackage.open(file, PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = null; // none in a workbook of numbers and inline strings only
            if (!pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType()).isEmpty()) {
                try (InputStream in = reader.getSharedStringsData()) {
                    strings = new ReadOnlySharedStringsTable(budget.count(in), false);
                }
            }
            StylesTable styles = reader.getStylesTable();
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new LedgerInvalidException(List.of(LedgerProblem.file(
                        "the workbook has no sheet; save it again from Excel")));
            }
            Rows rows = new Rows(maxRows, progress);
            try (InputStream sheet = sheets.next()) {
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(new XSSFSheetXMLHandler(styles == null ? new StylesTable() : styles, strings,
                        rows, new PlainNumbers(), false));
                xml.parse(new InputSource(budget.count(sheet)));
            }
            return rows.rows;
        }
    }

    /** Numbers as the ledger reads them whatever their cell format: 18.5, 305 (not 305.0), a date as its day. */
    private static final class PlainNumbers extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        }
    }

    private static final class Rows implements SheetContentsHandler {
        final List<SheetRow> rows = new ArrayList<>();
        private final int maxRows;
        private final IntConsumer progress;
        private List<String> cells;

        Rows(int maxRows, IntConsumer progress) {
            this.maxRows = maxRows;
            this.progress = progress;
        }

        @Override
        public void startRow(int rowNum) {
            cells = new ArrayList<>();
        }

        @Override
        public void cell(String reference, String text, XSSFComment comment) {
            int column = reference == null ? cells.size() : new CellReference(reference).getCol();
            while (cells.size() <= column) {
                cells.add("");
            }
            cells.set(column, text == null ? "" : text);
        }

        @Override
        public void endRow(int rowNum) {
            SheetRow row = new SheetRow(rowNum + 1, cells);
            if (!row.blank()) {
                if (rows.size() > maxRows) {
                    throw new LedgerInvalidException(List.of(new LedgerProblem(row.number(), "", "",
                            "the sheet has more than " + maxRows + " rooms (maxRows); split it by building")));
                }
                rows.add(row);
            }
            progress.accept(row.number());
        }
    }

    /** What the shared strings and the sheet unpack to, together, against the cap. */
    private static final class Budget {
        private final long max;
        private long used;

        Budget(long max) {
            this.max = max;
        }

        InputStream count(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    spend(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    spend(Math.max(n, 0));
                    return n;
                }
            };
        }

        private void spend(int n) {
            used += n;
            if (used > max) {
                throw tooLarge(max);
            }
        }
    }

    private static DayuanException tooLarge(long max) {
        return TOO_LARGE.exception("The workbook unpacks to more than " + max
                + " bytes (xlsx.maxUnpackedBytes); nothing was imported.");
    }

    /** POI refuses a zip bomb with an IOException saying so, somewhere in the causes. */
    private static boolean bomb(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Zip bomb")) {
                return true;
            }
        }
        return false;
    }

    private static LedgerInvalidException notWorkbook(boolean xls) {
        return new LedgerInvalidException(List.of(LedgerProblem.file(xls
                ? "the file is an old Excel 97-2003 workbook (.xls); save it as .xlsx or as CSV UTF-8"
                : "the file is not an Excel workbook (.xlsx); send an .xlsx or a CSV as text/csv")));
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is removed with the temp folder; the import's answer matters more
            }
        }
    }
}
