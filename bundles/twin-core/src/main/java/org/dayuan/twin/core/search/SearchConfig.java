package org.dayuan.twin.core.search;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan twin search",
        description = "Indexes and page sizes of Ditto's thing search (/api/2/search/things) over the twin registry")
@interface SearchConfig {
    @AttributeDefinition(name = "Indexed paths",
            description = "Attribute and property paths indexed by value (e.g. attributes/status), so eq and in on"
                    + " them read only the twins that match. Namespace, definition and parent are always indexed.")
    String[] indexedPaths() default {"attributes/organisation", "attributes/category", "attributes/status",
            "attributes/use"};

    @AttributeDefinition(name = "Default page size",
            description = "Results per page without a size(n) option; Ditto's is 25.", min = "1")
    int defaultPageSize() default 25;

    @AttributeDefinition(name = "Largest page size", description = "The largest size(n) allowed; Ditto's is 200.",
            min = "1")
    int maxPageSize() default 200;
}
