package org.dayuan.twin;

/**
 * Every error Dayuan reports, with Ditto's error code where Ditto has one and the HTTP status it maps to.
 * Codes are stable: clients and Ditto's own client libraries switch on them.
 */
public enum ErrorCode {
    THING_ID_INVALID("things:id.invalid", 400,
            "The thingId must be '<namespace>:<name>': a namespace of dot- or dash-separated segments each starting"
                    + " with a letter, a name without slashes or control characters, at most 256 characters in all."),
    THING_ID_NOT_SETTABLE("things:id.notsettable", 400,
            "The thingId in the body must be the one in the path, or be left out."),
    POLICY_ID_INVALID("policies:id.invalid", 400, "A policyId follows the same rules as a thingId."),
    DEFINITION_INVALID("things:definition.invalid", 400,
            "A definition is '<namespace>:<name>:<version>' or an http(s) URL."),
    FEATURE_ID_INVALID("things:feature.id.invalid", 400,
            "A feature id must not be empty and must not contain slashes or control characters."),
    THING_INVALID("things:thing.invalid", 400, "Check the JSON of the thing against Ditto's Thing schema."),
    JSON_INVALID("json.invalid", 400, "Send a well-formed JSON document."),
    JSON_POINTER_INVALID("json.pointer.invalid", 400,
            "A JSON pointer is a sequence of '/'-separated, non-empty segments."),
    FIELD_SELECTOR_INVALID("json.fieldselector.invalid", 400,
            "A field selector is a comma-separated list of JSON pointers, optionally with sub-selectors in parentheses."),
    RQL_INVALID("rql.expression.invalid", 400,
            "Check the RQL filter against Ditto's RQL syntax, e.g. and(eq(attributes/status,\"idle\"),gt(_revision,3))."),
    SEARCH_OPTION_INVALID("thing-search:search.option.invalid", 400,
            "Options are sort(+field,-field), size(1..max) and cursor(...) separated by commas."),
    MODEL_VIOLATION("dayuan:model.violation", 400,
            "The twin's definition names a Thing Model in twin-models; see GET /api/dayuan/models for its rules."),
    PARAMETER_INVALID("things:parameter.invalid", 400, "Check the query parameters and headers of the request."),
    PARENT_NOT_FOUND("dayuan:parent.notfound", 400,
            "The attribute 'parent' must name an existing twin; create the parent first."),
    PARENT_INVALID("dayuan:parent.invalid", 400, "The attribute 'parent' must be a thingId string."),
    PARENT_CYCLE("dayuan:parent.cycle", 409,
            "A twin cannot be its own ancestor; choose a parent outside this twin's subtree."),
    HAS_CHILDREN("dayuan:thing.haschildren", 409,
            "Delete or move the children first, or delete the whole subtree with '?recursive=true'."),
    THING_NOT_FOUND("things:thing.notfound", 404,
            "Check that the thingId is correct and that you are allowed to see the thing."),
    HISTORY_NOT_FOUND("things:thing.history.notfound", 404,
            "Check if the ID of your requested Thing was correct, you have sufficient permissions and ensure that the"
                    + " asked for revision/timestamp does not exceed the history-retention-duration or is from the"
                    + " future."),
    UNAUTHENTICATED("gateway:authentication.failed", 401,
            "Authenticate with HTTP Basic or with a bearer token from POST /api/dayuan/auth/login."),
    THING_NOT_MODIFIABLE("things:thing.notmodifiable", 403,
            "Check that you are allowed to change this thing: your role and the organisations you are bound to."),
    ACCESS_FORBIDDEN("dayuan:access.forbidden", 403, "Your role does not allow this; ask an administrator."),
    THING_CONFLICT("things:thing.conflict", 409, "Choose another thingId, or update the existing thing with PUT."),
    DEFINITION_NOT_FOUND("things:definition.notfound", 404, "The thing has no definition."),
    POLICY_ID_NOT_FOUND("things:policyId.notfound", 404, "The thing has no policyId."),
    ATTRIBUTES_NOT_FOUND("things:attributes.notfound", 404, "The thing has no attributes."),
    ATTRIBUTE_NOT_FOUND("things:attribute.notfound", 404, "Check the attribute path."),
    FEATURES_NOT_FOUND("things:features.notfound", 404, "The thing has no features."),
    FEATURE_NOT_FOUND("things:feature.notfound", 404, "Check the feature id."),
    FEATURE_DEFINITION_NOT_FOUND("things:feature.definition.notfound", 404, "The feature has no definition."),
    FEATURE_PROPERTIES_NOT_FOUND("things:feature.properties.notfound", 404, "The feature has no properties."),
    FEATURE_PROPERTY_NOT_FOUND("things:feature.property.notfound", 404, "Check the property path."),
    FEATURE_DESIRED_PROPERTIES_NOT_FOUND("things:feature.desiredProperties.notfound", 404,
            "The feature has no desired properties."),
    FEATURE_DESIRED_PROPERTY_NOT_FOUND("things:feature.desiredProperty.notfound", 404,
            "Check the desired property path."),
    RESOURCE_NOT_FOUND("things:resource.notfound", 404, "Check the path of the request."),
    METHOD_NOT_ALLOWED("things:method.notallowed", 405, "This resource does not support this HTTP method."),
    PRECONDITION_FAILED("things:precondition.failed", 412,
            "The If-Match or If-None-Match header did not match the current ETag of the resource."),
    PRECONDITION_NOT_MODIFIED("things:precondition.notmodified", 304,
            "The resource has not changed since the ETag given in If-None-Match."),
    TOO_LARGE("things:thing.toolarge", 413, "Send a smaller body, or ask the operator to raise the limit."),
    MEDIA_TYPE_UNSUPPORTED("mediatype.unsupported", 415,
            "Send 'application/json', or 'application/merge-patch+json' for PATCH."),
    NOT_ACCEPTABLE("things:notacceptable", 406, "Accept 'application/json'."),
    STREAMS_FULL("dayuan:streams.full", 503,
            "Too many change streams are open; close one or ask the operator to raise maxClients in org.dayuan.streams."),
    STORE_UNAVAILABLE("dayuan:store.unavailable", 503,
            "The durable store did not confirm the write; nothing was changed. Try again later."),
    INTERNAL("dayuan:internal.error", 500, "An unexpected error occurred; it was logged.");

    private final String code;
    private final int status;
    private final String description;

    ErrorCode(String code, int status, String description) {
        this.code = code;
        this.status = status;
        this.description = description;
    }

    /** Ditto-style error code, e.g. {@code things:thing.notfound}. */
    public String code() {
        return code;
    }

    /** HTTP status. */
    public int status() {
        return status;
    }

    /** Default advice shown as the error's {@code description}. */
    public String description() {
        return description;
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
