package org.dayuan.office.codes;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan office line: codes (一房一码)",
        description = "Room QR codes, the room card and the printable code sheets.")
public @interface CodesConfig {
    @AttributeDefinition(description = "Address the printed QR codes open, e.g. https://jgsw.wujin.gov.cn (scheme, "
            + "host, port, no path). Empty: the address the request came to, which is right only when people's "
            + "phones reach the server by that same name.")
    String publicUrl() default "";

    @AttributeDefinition(description = "Side of a QR image in pixels when the request names no size.", min = "64")
    int qr_size() default 256;

    @AttributeDefinition(description = "Largest side of a QR image a request may ask for, in pixels.", min = "64",
            max = "4096")
    int qr_maxSize() default 1024;
}
