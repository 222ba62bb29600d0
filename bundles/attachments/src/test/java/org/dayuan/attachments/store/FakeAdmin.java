package org.dayuan.attachments.store;

import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.Caller;

/** The administrator tests set up twins as, outside any bundle's grant. */
final class FakeAdmin {
    static final Caller ADMIN = FakeHttp.ADMIN;

    private FakeAdmin() {
    }
}
