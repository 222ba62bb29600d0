/** The Camel component {@code twin:} that business-line routes use to read, write and watch twins. */
@Export
@Version("0.3.0")
package org.dayuan.camel.twin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
