/** The attachment store's implementation: the service, its table of bytes and its servlet. Not API. */
package org.dayuan.attachments.store;
