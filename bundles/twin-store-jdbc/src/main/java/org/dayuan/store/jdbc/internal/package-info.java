/**
 * The JDBC twin journal: a DS component offering {@link org.dayuan.twin.spi.TwinJournal}. Nothing here is API; the
 * bundle exports no package.
 */
package org.dayuan.store.jdbc.internal;
