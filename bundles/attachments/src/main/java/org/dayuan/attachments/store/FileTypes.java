package org.dayuan.attachments.store;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.dayuan.attachments.AttachmentErrors;

/**
 * Which media types the store accepts, and whether a file's first bytes are what its Content-Type claims. A label is
 * easy to get wrong or to forge; the signature is what viewers and browsers act on, so both must agree.
 */
final class FileTypes {
    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** How many leading bytes the checks look at. */
    static final int HEAD = 512;

    private static final byte[] ZIP = {'P', 'K', 3, 4};
    /** The signatures the store knows; a type without one here (other than text) is never accepted. */
    private static final Map<String, Predicate<byte[]>> SIGNATURES = Map.ofEntries(
            Map.entry("application/pdf", h -> startsWith(h, 0, "%PDF-".getBytes(StandardCharsets.US_ASCII))),
            Map.entry("image/png", h -> startsWith(h, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})),
            Map.entry("image/jpeg", h -> startsWith(h, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})),
            Map.entry("image/gif", h -> startsWith(h, 0, ascii("GIF87a")) || startsWith(h, 0, ascii("GIF89a"))),
            Map.entry("image/webp", h -> startsWith(h, 0, ascii("RIFF")) && startsWith(h, 8, ascii("WEBP"))),
            Map.entry("image/tiff", h -> startsWith(h, 0, new byte[] {'I', 'I', 42, 0})
                    || startsWith(h, 0, new byte[] {'M', 'M', 0, 42})),
            // Office Open XML files are ZIP archives; what is inside is the viewer's to read.
            Map.entry(DOCX, h -> startsWith(h, 0, ZIP)),
            Map.entry(XLSX, h -> startsWith(h, 0, ZIP)),
            // AutoCAD drawings start with their format's version, AC1012 (R13) to AC1032 (2018+).
            Map.entry("image/vnd.dwg", h -> startsWith(h, 0, ascii("AC10"))),
            Map.entry("text/plain", FileTypes::isText),
            Map.entry("text/csv", FileTypes::isText));

    private final Set<String> accepted;

    FileTypes(String[] configured) {
        Set<String> types = new LinkedHashSet<>();
        for (String t : configured) {
            String type = base(t);
            if (type.isEmpty()) {
                continue;
            }
            if (!SIGNATURES.containsKey(type)) {
                throw new IllegalArgumentException(AttachmentsConfig.PID + " contentTypes: <" + type + "> has no"
                        + " signature the store can check; use some of " + SIGNATURES.keySet() + ".");
            }
            types.add(type);
        }
        accepted = Set.copyOf(types);
    }

    /** The media type without parameters, lower case; empty for none. */
    static String base(String contentType) {
        return contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    Set<String> accepted() {
        return accepted;
    }

    /** The accepted base type of {@code contentType}, or a 415 naming the accepted ones. */
    String requireAccepted(String contentType) {
        String type = base(contentType);
        if (!accepted.contains(type)) {
            throw AttachmentErrors.TYPE_UNSUPPORTED.exception("The Content-Type <"
                    + (contentType == null || contentType.isBlank() ? "none" : contentType)
                    + "> is not accepted; send one of " + String.join(", ", accepted.stream().sorted().toList()) + ".");
        }
        return type;
    }

    /** A 415 unless {@code head}, the file's first bytes (up to {@link #HEAD}), carries the signature of {@code type}. */
    void requireSignature(String type, byte[] head) {
        if (!SIGNATURES.get(type).test(head)) {
            throw AttachmentErrors.TYPE_UNSUPPORTED.exception("The file does not look like " + type
                    + ": its first bytes are not that format's signature.");
        }
    }

    /** UTF-8 (a character cut at the end of the head aside) without NUL or other control characters but layout. */
    static boolean isText(byte[] head) {
        for (byte b : head) {
            if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' || b == 0x7F) {
                return false;
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // A head cut inside a multi-byte character is still text: try without up to its last three bytes.
        for (int cut = 0; cut <= Math.min(3, head.length); cut++) {
            try {
                decoder.reset().decode(ByteBuffer.wrap(head, 0, head.length - cut));
                return true;
            } catch (CharacterCodingException e) {
                if (head.length < HEAD) {
                    return false;
                }
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] head, int at, byte[] signature) {
        return head.length >= at + signature.length
                && Arrays.equals(head, at, at + signature.length, signature, 0, signature.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
