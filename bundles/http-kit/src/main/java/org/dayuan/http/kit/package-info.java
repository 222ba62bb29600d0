/**
 * What every Dayuan servlet shares, so a line's servlet answers exactly as the twin API does: {@link
 * org.dayuan.http.kit.JsonServlet} (every error as Ditto's JSON, 405 with {@code Allow}), {@link
 * org.dayuan.http.kit.Http} (JSON bodies with limits, JSON output, the caller or 401) and {@link
 * org.dayuan.http.kit.Csv} (exports a spreadsheet opens as data) and {@link org.dayuan.http.kit.FieldSelector} (Ditto's
 * {@code fields}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.dayuan.http.kit;
