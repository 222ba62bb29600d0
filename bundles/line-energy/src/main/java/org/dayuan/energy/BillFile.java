package org.dayuan.energy;

import java.util.List;

/**
 * The outcome of parsing one bill file. All or nothing: when any line is wrong, {@link #bills()} is empty, so a
 * bad file changes nothing even if a caller forgets to look at the errors.
 *
 * @param errors every problem found; {@code toString()} reads like {@code line 4: quantity '12,3x' is not a number}
 */
public record BillFile(List<Bill> bills, List<BillError> errors) {
    public BillFile {
        errors = List.copyOf(errors);
        bills = errors.isEmpty() ? List.copyOf(bills) : List.of();
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
