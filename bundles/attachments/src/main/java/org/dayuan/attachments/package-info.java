/**
 * 一房一档: documents and photos attached to a twin (a room's deed, lease and drawings, a hazard's inspection photos,
 * a work order's evidence). An attachment is a twin of model {@value org.dayuan.attachments.Attachments#DEFINITION},
 * child of its owner and in the owner's namespace, so the registry decides who may attach, list and download, and
 * the audit trail, history and change streams cover it; its bytes are kept in the twin store's database. A line
 * uses {@link org.dayuan.attachments.Attachments}; people use {@code /api/dayuan/attachments}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.dayuan.attachments;
