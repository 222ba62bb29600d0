/** The WoT Thing Models of Dayuan's twin types and features, and their Ditto definition ids. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.dayuan.models;
