/**
 * What other bundles may ask of Dayuan's authentication: the users of the realm it checks logins against, and who is
 * calling from a Karaf console session.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.dayuan.auth;
