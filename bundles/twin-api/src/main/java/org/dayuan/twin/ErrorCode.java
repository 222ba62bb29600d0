package org.dayuan.twin;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One kind of error Dayuan reports: a stable code (Ditto's where Ditto has one), the HTTP status it maps to and the
 * default advice shown as its {@code description}. Codes are open: the platform's are the constants here, and each
 * module declares its own as constants of its own (e.g. {@code new ErrorCode("dayuan:energy.bill.invalid", 400,
 * "...")}); every one is rendered the same way, as Ditto's error JSON by {@link DayuanException#toJson()}. Codes are
 * stable: clients and Ditto's own client libraries switch on them. Two codes are equal when code, status and
 * description are.
 *
 * @param code        Ditto-style error code, {@code <prefix>:<what>.<why>}, e.g. {@code things:thing.notfound}
 * @param status      HTTP status, 300 to 599
 * @param description default advice saying how to fix it
 */
public record ErrorCode(String code, int status, String description) {
    /** A prefix, then {@code :} or {@code .}, then letters, digits, dots and dashes: no spaces, nothing empty. */
    private static final Pattern CODE = Pattern.compile("[a-z][a-z-]*[:.][A-Za-z][A-Za-z0-9.-]*");

    public static final ErrorCode THING_ID_INVALID = new ErrorCode("things:id.invalid", 400,
            "The thingId must be '<namespace>:<name>': a namespace of dot- or dash-separated segments each starting"
                    + " with a letter, a name without slashes or control characters, at most 256 characters in all.");
    public static final ErrorCode THING_ID_NOT_SETTABLE = new ErrorCode("things:id.notsettable", 400,
            "The thingId in the body must be the one in the path, or be left out.");
    public static final ErrorCode POLICY_ID_INVALID = new ErrorCode("policies:id.invalid", 400,
            "A policyId follows the same rules as a thingId.");
    public static final ErrorCode DEFINITION_INVALID = new ErrorCode("things:definition.invalid", 400,
            "A definition is '<namespace>:<name>:<version>' or an http(s) URL.");
    public static final ErrorCode FEATURE_ID_INVALID = new ErrorCode("things:feature.id.invalid", 400,
            "A feature id must not be empty and must not contain slashes or control characters.");
    public static final ErrorCode THING_INVALID = new ErrorCode("things:thing.invalid", 400,
            "Check the JSON of the thing against Ditto's Thing schema.");
    public static final ErrorCode JSON_INVALID = new ErrorCode("json.invalid", 400,
            "Send a well-formed JSON document.");
    public static final ErrorCode JSON_POINTER_INVALID = new ErrorCode("json.pointer.invalid", 400,
            "A JSON pointer is a sequence of '/'-separated, non-empty segments.");
    public static final ErrorCode FIELD_SELECTOR_INVALID = new ErrorCode("json.fieldselector.invalid", 400,
            "A field selector is a comma-separated list of JSON pointers, optionally with sub-selectors in"
                    + " parentheses.");
    public static final ErrorCode RQL_INVALID = new ErrorCode("rql.expression.invalid", 400,
            "Check the RQL filter against Ditto's RQL syntax, e.g."
                    + " and(eq(attributes/status,\"idle\"),gt(_revision,3)).");
    public static final ErrorCode SEARCH_OPTION_INVALID = new ErrorCode("thing-search:search.option.invalid", 400,
            "Options are sort(+field,-field), size(1..max) and cursor(...) separated by commas.");
    public static final ErrorCode PARAMETER_INVALID = new ErrorCode("things:parameter.invalid", 400,
            "Check the query parameters and headers of the request.");
    public static final ErrorCode PARENT_NOT_FOUND = new ErrorCode("dayuan:parent.notfound", 400,
            "The attribute 'parent' must name an existing twin; create the parent first.");
    public static final ErrorCode PARENT_INVALID = new ErrorCode("dayuan:parent.invalid", 400,
            "The attribute 'parent' must be a thingId string.");
    public static final ErrorCode PARENT_CYCLE = new ErrorCode("dayuan:parent.cycle", 409,
            "A twin cannot be its own ancestor; choose a parent outside this twin's subtree.");
    public static final ErrorCode HAS_CHILDREN = new ErrorCode("dayuan:thing.haschildren", 409,
            "Delete or move the children first, or delete the whole subtree with '?recursive=true'.");
    public static final ErrorCode THING_NOT_FOUND = new ErrorCode("things:thing.notfound", 404,
            "Check that the thingId is correct and that you are allowed to see the thing.");
    public static final ErrorCode UNAUTHENTICATED = new ErrorCode("gateway:authentication.failed", 401,
            "Authenticate with HTTP Basic or with a bearer token from POST /api/dayuan/auth/login.");
    public static final ErrorCode THING_NOT_MODIFIABLE = new ErrorCode("things:thing.notmodifiable", 403,
            "Check that you are allowed to change this thing: your role and the organisations you are bound to.");
    public static final ErrorCode ACCESS_FORBIDDEN = new ErrorCode("dayuan:access.forbidden", 403,
            "Your role does not allow this; ask an administrator.");
    public static final ErrorCode THING_CONFLICT = new ErrorCode("things:thing.conflict", 409,
            "Choose another thingId, or update the existing thing with PUT.");
    public static final ErrorCode DEFINITION_NOT_FOUND = new ErrorCode("things:definition.notfound", 404,
            "The thing has no definition.");
    public static final ErrorCode POLICY_ID_NOT_FOUND = new ErrorCode("things:policyId.notfound", 404,
            "The thing has no policyId.");
    public static final ErrorCode ATTRIBUTES_NOT_FOUND = new ErrorCode("things:attributes.notfound", 404,
            "The thing has no attributes.");
    public static final ErrorCode ATTRIBUTE_NOT_FOUND = new ErrorCode("things:attribute.notfound", 404,
            "Check the attribute path.");
    public static final ErrorCode FEATURES_NOT_FOUND = new ErrorCode("things:features.notfound", 404,
            "The thing has no features.");
    public static final ErrorCode FEATURE_NOT_FOUND = new ErrorCode("things:feature.notfound", 404,
            "Check the feature id.");
    public static final ErrorCode FEATURE_DEFINITION_NOT_FOUND =
            new ErrorCode("things:feature.definition.notfound", 404,
            "The feature has no definition.");
    public static final ErrorCode FEATURE_PROPERTIES_NOT_FOUND =
            new ErrorCode("things:feature.properties.notfound", 404,
            "The feature has no properties.");
    public static final ErrorCode FEATURE_PROPERTY_NOT_FOUND = new ErrorCode("things:feature.property.notfound", 404,
            "Check the property path.");
    public static final ErrorCode FEATURE_DESIRED_PROPERTIES_NOT_FOUND =
            new ErrorCode("things:feature.desiredProperties.notfound", 404,
            "The feature has no desired properties.");
    public static final ErrorCode FEATURE_DESIRED_PROPERTY_NOT_FOUND =
            new ErrorCode("things:feature.desiredProperty.notfound", 404,
            "Check the desired property path.");
    public static final ErrorCode RESOURCE_NOT_FOUND = new ErrorCode("things:resource.notfound", 404,
            "Check the path of the request.");
    public static final ErrorCode METHOD_NOT_ALLOWED = new ErrorCode("things:method.notallowed", 405,
            "This resource does not support this HTTP method.");
    public static final ErrorCode PRECONDITION_FAILED = new ErrorCode("things:precondition.failed", 412,
            "The If-Match or If-None-Match header did not match the current ETag of the resource.");
    public static final ErrorCode PRECONDITION_NOT_MODIFIED = new ErrorCode("things:precondition.notmodified", 304,
            "The resource has not changed since the ETag given in If-None-Match.");
    public static final ErrorCode TOO_LARGE = new ErrorCode("things:thing.toolarge", 413,
            "Send a smaller body, or ask the operator to raise the limit.");
    public static final ErrorCode MEDIA_TYPE_UNSUPPORTED = new ErrorCode("mediatype.unsupported", 415,
            "Send 'application/json', or 'application/merge-patch+json' for PATCH.");
    public static final ErrorCode NOT_ACCEPTABLE = new ErrorCode("things:notacceptable", 406,
            "Accept 'application/json'.");
    public static final ErrorCode STORE_UNAVAILABLE = new ErrorCode("dayuan:store.unavailable", 503,
            "The durable store did not confirm the write; nothing was changed. Try again later.");
    public static final ErrorCode INTERNAL = new ErrorCode("dayuan:internal.error", 500,
            "An unexpected error occurred; it was logged.");

    public ErrorCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("An error code is '<prefix>:<what>.<why>' (letters, digits,"
                    + " dots, dashes), e.g. 'dayuan:energy.bill.invalid', not '" + code + "'.");
        }
        if (status < 300 || status > 599) {
            throw new IllegalArgumentException("The HTTP status of " + code + " must be 300 to 599, not "
                    + status + ".");
        }
    }

    /** A new exception with this code and the given message. */
    public DayuanException exception(String message) {
        return new DayuanException(this, message, description, null);
    }

    /** A new exception with this code, message and description. */
    public DayuanException exception(String message, String description) {
        return new DayuanException(this, message, description, null);
    }
}

