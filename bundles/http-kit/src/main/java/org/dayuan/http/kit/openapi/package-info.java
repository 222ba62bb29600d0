/**
 * Dayuan's OpenAPI document, assembled from the fragments that bundles carry under
 * {@code OSGI-INF/dayuan/openapi/*.json} while they are active, and served at {@code /api/dayuan/openapi.json}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.dayuan.http.kit.openapi;
