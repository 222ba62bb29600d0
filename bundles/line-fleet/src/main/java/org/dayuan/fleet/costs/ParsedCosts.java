package org.dayuan.fleet.costs;

import java.util.List;

/** What {@link CostCsvParser} read: the good rows and the problems of the bad ones (any problem refuses the file). */
public record ParsedCosts(List<CostRecord> records, List<RowError> errors) {
    public ParsedCosts {
        records = List.copyOf(records);
        errors = List.copyOf(errors);
    }
}
