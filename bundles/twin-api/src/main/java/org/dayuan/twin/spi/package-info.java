/** What a durable store implements so the registry can journal, snapshot and recover twins. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.4.0")
package org.dayuan.twin.spi;
