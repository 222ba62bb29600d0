package org.dayuan.office.ledger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.dayuan.twin.ErrorCode;

/**
 * The first worksheet of an Excel workbook (.xlsx, Office Open XML), read with the JDK alone: the zip, the
 * workbook's first sheet, its shared strings, and each cell as text (shared and inline strings, formula results,
 * numbers in their shortest decimal form, booleans). Formatting, other sheets and formulas themselves are ignored.
 * Everything unpacked counts towards {@code maxUnpacked}, so a zip bomb (a small file with a huge sheet) is refused
 * with a 413 before it fills the memory; DTDs and external entities are refused by the XML reader.
 */
final class XlsxSheet {
    static final ErrorCode TOO_LARGE = new ErrorCode("office:ledger.toolarge", 413,
            "Send a smaller file: split the ledger by building, or remove pictures and other sheets.");
    private static final String WORKBOOK = "xl/workbook.xml";
    private static final String RELS = "xl/_rels/workbook.xml.rels";
    private static final String STRINGS = "xl/sharedStrings.xml";
    private static final String REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private XlsxSheet() {
    }

    static List<SheetRow> read(byte[] body, long maxUnpacked, int maxRows, IntConsumer progress) {
        Map<String, byte[]> parts = unzip(body, maxUnpacked);
        if (!parts.containsKey(WORKBOOK)) {
            throw notWorkbook(body);
        }
        try {
            String sheet = firstSheet(parts);
            byte[] xml = parts.get(sheet);
            if (xml == null) {
                throw new LedgerInvalidException(List.of(LedgerProblem.file("the workbook's first sheet (" + sheet
                        + ") is missing; save it again from Excel")));
            }
            List<String> strings = parts.containsKey(STRINGS) ? sharedStrings(parts.get(STRINGS)) : List.of();
            return rows(xml, strings, maxRows, progress);
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof LedgerInvalidException refused) {
                throw refused;
            }
            throw new LedgerInvalidException(List.of(LedgerProblem.file("the workbook cannot be read ("
                    + e.getMessage() + "); save it again from Excel as .xlsx, or as CSV UTF-8")));
        }
    }

    /**
     * The parts this reader needs, everything unpacked counted against the cap. Through the zip's central directory
     * (a temporary file): streaming readers trip over the data descriptors some writers (POI's streaming one) use.
     */
    private static Map<String, byte[]> unzip(byte[] body, long maxUnpacked) {
        Map<String, byte[]> parts = new HashMap<>();
        long unpacked = 0;
        byte[] buffer = new byte[16384];
        Path file = null;
        try {
            file = Files.createTempFile("dayuan-ledger-", ".xlsx");
            Files.write(file, body);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                    ZipEntry e = all.nextElement();
                    String name = e.getName();
                    boolean wanted = name.equals(WORKBOOK) || name.equals(RELS) || name.equals(STRINGS)
                            || name.startsWith("xl/worksheets/") && name.endsWith(".xml");
                    if (!wanted) {
                        continue;
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (InputStream in = zip.getInputStream(e)) {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            unpacked += n;
                            if (unpacked > maxUnpacked) {
                                throw TOO_LARGE.exception("The workbook unpacks to more than " + maxUnpacked
                                        + " bytes (xlsx.maxUnpackedBytes); nothing was imported.");
                            }
                            out.write(buffer, 0, n);
                        }
                    }
                    parts.put(name, out.toByteArray());
                }
            }
        } catch (IOException e) {
            throw notWorkbook(body);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is removed with the temp folder; the import's answer matters more
                }
            }
        }
        return parts;
    }

    private static LedgerInvalidException notWorkbook(byte[] body) {
        boolean xls = body.length >= 4 && (body[0] & 0xff) == 0xd0 && (body[1] & 0xff) == 0xcf
                && (body[2] & 0xff) == 0x11 && (body[3] & 0xff) == 0xe0;
        return new LedgerInvalidException(List.of(LedgerProblem.file(xls
                ? "the file is an old Excel 97-2003 workbook (.xls); save it as .xlsx or as CSV UTF-8"
                : "the file is not an Excel workbook (.xlsx); send an .xlsx or a CSV as text/csv")));
    }

    /** The part of the workbook's first sheet, through its relationship; sheet1.xml when the workbook names none. */
    private static String firstSheet(Map<String, byte[]> parts) throws XMLStreamException {
        String relId = null;
        XMLStreamReader r = reader(parts.get(WORKBOOK));
        while (r.hasNext() && relId == null) {
            if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("sheet")) {
                relId = r.getAttributeValue(REL_NS, "id");
            }
        }
        if (relId != null && parts.containsKey(RELS)) {
            r = reader(parts.get(RELS));
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("Relationship")
                        && relId.equals(r.getAttributeValue(null, "Id"))) {
                    String target = r.getAttributeValue(null, "Target");
                    return target.startsWith("/") ? target.substring(1) : "xl/" + target;
                }
            }
        }
        return "xl/worksheets/sheet1.xml";
    }

    /** Each {@code <si>}'s text: its {@code <t>}, or its runs' {@code <t>} joined; phonetic hints left out. */
    private static List<String> sharedStrings(byte[] xml) throws XMLStreamException {
        List<String> out = new ArrayList<>();
        XMLStreamReader r = reader(xml);
        StringBuilder text = null;
        boolean phonetic = false;
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (r.getLocalName()) {
                    case "si" -> text = new StringBuilder();
                    case "rPh" -> phonetic = true;
                    case "t" -> {
                        String t = r.getElementText();
                        if (text != null && !phonetic) {
                            text.append(t);
                        }
                    }
                    default -> { }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (r.getLocalName().equals("rPh")) {
                    phonetic = false;
                } else if (r.getLocalName().equals("si") && text != null) {
                    out.add(text.toString());
                    text = null;
                }
            }
        }
        return out;
    }

    private static List<SheetRow> rows(byte[] xml, List<String> strings, int maxRows, IntConsumer progress)
            throws XMLStreamException {
        List<SheetRow> rows = new ArrayList<>();
        XMLStreamReader r = reader(xml);
        List<String> cells = null;
        int rowNumber = 0;
        String type = null;
        int column = 0;
        String value = null;
        StringBuilder inline = null;
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (r.getLocalName()) {
                    case "row" -> {
                        String at = r.getAttributeValue(null, "r");
                        rowNumber = at == null ? rowNumber + 1 : Integer.parseInt(at);
                        cells = new ArrayList<>();
                    }
                    case "c" -> {
                        String ref = r.getAttributeValue(null, "r");
                        column = ref == null ? cells.size() : column(ref);
                        type = r.getAttributeValue(null, "t");
                        value = null;
                        inline = null;
                    }
                    case "v" -> value = r.getElementText();
                    case "is" -> inline = new StringBuilder();
                    case "t" -> {
                        String t = r.getElementText();
                        if (inline != null) {
                            inline.append(t);
                        }
                    }
                    default -> { }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (r.getLocalName().equals("c") && cells != null) {
                    while (cells.size() <= column) {
                        cells.add("");
                    }
                    cells.set(column, text(type, value, inline, strings));
                } else if (r.getLocalName().equals("row") && cells != null) {
                    SheetRow row = new SheetRow(rowNumber, cells);
                    if (!row.blank()) {
                        if (rows.size() > maxRows) {
                            throw new LedgerInvalidException(List.of(new LedgerProblem(rowNumber, "", "",
                                    "the sheet has more than " + maxRows + " rooms (maxRows); split it by building")));
                        }
                        rows.add(row);
                    }
                    progress.accept(rowNumber);
                    cells = null;
                }
            }
        }
        return rows;
    }

    private static String text(String type, String value, StringBuilder inline, List<String> strings) {
        if ("inlineStr".equals(type)) {
            return inline == null ? "" : inline.toString();
        }
        if (value == null) {
            return "";
        }
        return switch (type == null ? "n" : type) {
            case "s" -> {
                int i = Integer.parseInt(value.strip());
                if (i < 0 || i >= strings.size()) {
                    throw new IllegalArgumentException("a cell names shared string " + i + " of " + strings.size());
                }
                yield strings.get(i);
            }
            case "b" -> "1".equals(value.strip()) ? "TRUE" : "FALSE";
            case "n" -> number(value.strip());
            default -> value; // str (a formula's text), e (an error such as #N/A), d (an ISO date)
        };
    }

    /** Excel keeps numbers as doubles: 18.5, 305 (not 305.0), 1.0E-3 as 0.001. */
    private static String number(String value) {
        try {
            BigDecimal d = new BigDecimal(value).stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** The 0-based column of a reference such as {@code AB12}. */
    private static int column(String ref) {
        int c = 0;
        for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
            c = c * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
        }
        return c - 1;
    }

    private static XMLStreamReader reader(byte[] xml) throws XMLStreamException {
        // The JDK's own factory: no service lookup, which inside OSGi could find another StAX implementation
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f.createXMLStreamReader(new ByteArrayInputStream(xml));
    }
}
