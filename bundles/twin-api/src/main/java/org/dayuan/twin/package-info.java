/** The twin model and the registry service every Dayuan bundle talks to. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.dayuan.twin;
