package org.dayuan.attachments;

import org.dayuan.twin.ErrorCode;

/** The attachment store's own refusals; each changes nothing. */
public final class AttachmentErrors {
    public static final ErrorCode TOO_LARGE = new ErrorCode("attachments:file.toolarge", 413,
            "The file is larger than the attachment store accepts (maxFileBytes in etc/org.dayuan.attachments.cfg);"
                    + " send a smaller or compressed file, or split it.");
    public static final ErrorCode TYPE_UNSUPPORTED = new ErrorCode("attachments:type.unsupported", 415,
            "Send the file with the Content-Type of what it really is, one of the types the store accepts"
                    + " (contentTypes in etc/org.dayuan.attachments.cfg): PDF, PNG, JPEG, GIF, WebP, TIFF, DOCX, XLSX,"
                    + " DWG, plain text or CSV.");
    public static final ErrorCode EMPTY = new ErrorCode("attachments:file.empty", 400,
            "Send the file's bytes as the request body.");

    private AttachmentErrors() {
    }
}
