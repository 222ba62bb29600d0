package org.dayuan.twin.http;

import java.util.function.Predicate;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.Caller;

/**
 * Ditto's {@code condition} (header or query parameter): an RQL filter the thing must match for a request to go on,
 * e.g. {@code PUT .../properties/value?condition=ne(features/temperature/properties/value,23.9)}. As in Ditto it is
 * tested against the whole thing, whatever the path of the request, and only when the thing exists: a PUT that
 * creates the thing is not held back, a read or write of a missing thing answers 404 as without a condition.
 *
 * @param rql  the condition as given
 * @param test the compiled filter
 */
record ThingCondition(String rql, Predicate<Twin> test) {
    static final String NAME = "condition";
    static final ErrorCode FAILED = new ErrorCode("things:condition.failed", 412,
            "The provided condition did not match the actual Thing state. Please check your provided condition.");
    static final ErrorCode INVALID = new ErrorCode("things:condition.invalid", 400,
            "The provided condition is not valid. Please check the value of your condition header.");

    /** Compiles {@code rql} as {@code caller} sees twins; Ditto's 400 when it is no RQL filter. */
    static ThingCondition compile(String rql, TwinSearch search, Caller caller) {
        if (search == null) {
            throw ErrorCode.PARAMETER_INVALID.exception("The condition <" + rql + "> needs search, which is not"
                    + " installed.");
        }
        try {
            return new ThingCondition(rql, search.filter(caller, rql));
        } catch (DayuanException e) {
            if (!e.errorCode().equals(ErrorCode.RQL_INVALID)) {
                throw e;
            }
            // Ditto names the condition in the message and puts the parser's finding in the description.
            throw INVALID.exception("The specified condition '" + rql + "' is invalid.", e.getMessage());
        }
    }

    /** 412 unless {@code twin} matches. */
    void check(Twin twin) {
        if (!test.test(twin)) {
            throw FAILED.exception("The specified condition does not match the state of the requested Thing.");
        }
    }
}
