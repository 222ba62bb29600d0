package org.dayuan.attachments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.dayuan.attachments.AttachmentErrors;
import org.dayuan.twin.DayuanException;
import org.junit.jupiter.api.Test;

class FileTypesTest {
    private static final String[] ALL = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp",
            "image/tiff", FileTypes.DOCX, FileTypes.XLSX, "image/vnd.dwg", "text/plain", "text/csv"};
    private final FileTypes types = new FileTypes(ALL);

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void accepts(String type, byte[] head) {
        types.requireSignature(types.requireAccepted(type), head);
    }

    private void refuses(String type, byte[] head) {
        DayuanException e = assertThrows(DayuanException.class, () -> accepts(type, head));
        assertEquals(AttachmentErrors.TYPE_UNSUPPORTED, e.errorCode());
        assertEquals(415, e.errorCode().status());
    }

    @Test
    void eachTypeIsAcceptedWithItsSignatureAndRefusedWithAnother() {
        accepts("application/pdf", Files.pdf(100));
        accepts("image/png", Files.png(100));
        accepts("image/jpeg", Files.jpeg(100));
        accepts("image/gif", ascii("GIF89a\u0001\u0000"));
        accepts("image/gif", ascii("GIF87a\u0001\u0000"));
        accepts("image/webp", ascii("RIFF\u0010\u0000\u0000\u0000WEBPVP8 "));
        accepts("image/tiff", new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0});
        accepts("image/tiff", new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
        accepts(FileTypes.DOCX, new byte[] {'P', 'K', 3, 4, 20, 0});
        accepts(FileTypes.XLSX, new byte[] {'P', 'K', 3, 4, 20, 0});
        accepts("image/vnd.dwg", ascii("AC1032\u0000\u0000"));
        accepts("text/csv", "房间,面积\nA-0305,18.5\n".getBytes(StandardCharsets.UTF_8));
        accepts("text/plain; charset=UTF-8", ascii("plain\ttext\r\n"));

        refuses("application/pdf", Files.png(100));
        refuses("image/png", Files.jpeg(100));
        refuses("image/jpeg", Files.pdf(100));
        refuses("image/gif", ascii("GIF90a"));
        refuses("image/webp", ascii("RIFF\u0010\u0000\u0000\u0000WAVEfmt "));
        refuses("image/tiff", new byte[] {'I', 'I', 43, 0});
        refuses(FileTypes.DOCX, Files.pdf(100));
        refuses("image/vnd.dwg", ascii("AC20"));
        refuses("text/plain", Files.png(100));
        refuses("text/csv", new byte[] {'a', 0, 'b'});
        refuses("text/plain", new byte[] {'a', (byte) 0xC3, 'b'});
        refuses("application/pdf", ascii("%PD"));
    }

    @Test
    void aTypeNotAcceptedIsRefusedWhateverTheBytes() {
        refuses("text/html", ascii("<html></html>"));
        refuses("application/octet-stream", Files.pdf(100));
        refuses(null, Files.pdf(100));
        refuses("", Files.pdf(100));
        FileTypes pdfOnly = new FileTypes(new String[] {"application/pdf"});
        assertThrows(DayuanException.class, () -> pdfOnly.requireAccepted("image/png"));
        assertEquals("application/pdf", pdfOnly.requireAccepted("Application/PDF; x=y"));
    }

    @Test
    void aConfiguredTypeWithoutASignatureIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FileTypes(new String[] {"application/pdf", "text/html"}));
        assertTrue(e.getMessage().contains("text/html"), e.getMessage());
    }

    @Test
    void textCutInsideACharacterAtTheEndOfTheHeadIsStillText() {
        byte[] chinese = "办公用房".repeat(60).getBytes(StandardCharsets.UTF_8);
        byte[] head = Arrays.copyOf(chinese, FileTypes.HEAD); // 512 is not a multiple of 3
        assertTrue(FileTypes.isText(head));
        // a whole file that ends inside a character is not text
        assertFalse(FileTypes.isText(Arrays.copyOf(chinese, 5)));
    }
}
