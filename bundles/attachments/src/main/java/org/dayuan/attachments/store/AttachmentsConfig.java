package org.dayuan.attachments.store;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the attachment store, PID {@value #PID} (file {@code etc/org.dayuan.attachments.cfg}). */
@ObjectClassDefinition(name = "Dayuan attachments (一房一档)",
        description = "Documents and photos attached to twins, kept in the twin store's database.")
@interface AttachmentsConfig {
    String PID = "org.dayuan.attachments";

    @AttributeDefinition(name = "Largest file (bytes)", min = "1",
            description = "A larger upload is refused with 413 attachments:file.toolarge; the store reads no"
                    + " further than this.")
    int maxFileBytes() default 20 * 1024 * 1024;

    @AttributeDefinition(name = "Accepted media types",
            description = "The Content-Types an upload may have. Each must also match the file's signature;"
                    + " types without a known signature other than text/plain and text/csv are never accepted.")
    String[] contentTypes() default {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp",
            "image/tiff", FileTypes.DOCX, FileTypes.XLSX, "image/vnd.dwg", "text/plain", "text/csv"};
}
