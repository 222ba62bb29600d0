package org.dayuan.auth.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Files with secrets in them (password hashes) that only the account running Dayuan may read. */
public final class OwnerOnly {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {
    }

    /**
     * Takes every permission of group and others away from {@code file}, keeping the owner's.
     *
     * @return whether anything changed; false also for a missing file or a file system without POSIX permissions
     */
    public static boolean restrict(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null || !Files.exists(file)) {
            return false;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (!permissions.removeAll(OTHERS)) {
            return false;
        }
        view.setPermissions(permissions);
        return true;
    }
}
