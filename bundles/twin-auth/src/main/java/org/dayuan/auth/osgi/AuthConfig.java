package org.dayuan.auth.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan authentication",
        description = "Who may call /api: HTTP Basic against Karaf's JAAS realm, or bearer tokens from"
                + " POST /api/dayuan/auth/login. Users are in etc/users.properties (jaas:* commands); roles"
                + " admin, manager, integrator, viewer, device, and ns:<namespace> (or ns:*) for the organisations.")
@interface AuthConfig {
    @AttributeDefinition(description = "JAAS realm the logins are checked against.")
    String realm() default "karaf";

    @AttributeDefinition(description = "Failed logins in a row after which a user name is locked (whether or not"
            + " the user exists).", min = "1")
    int maxFailedLogins() default 5;

    @AttributeDefinition(description = "Minutes a locked user name stays locked; even the right password is"
            + " refused meanwhile.", min = "1")
    int lockoutMinutes() default 15;

    @AttributeDefinition(description = "Lifetime in minutes of a bearer token when the login does not ask for"
            + " one.", min = "1")
    int tokenMinutes() default 60;

    @AttributeDefinition(description = "Longest lifetime in minutes a login may ask for (expiresInSeconds), e.g."
            + " for devices; 43200 is 30 days.", min = "1")
    int maxTokenMinutes() default 43200;

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Key signing the bearer"
            + " tokens, at least 32 bytes; set the same on every node behind one address. Empty: a random"
            + " 256-bit key made once and kept in ${karaf.data}/dayuan/auth/token.key. Changing it invalidates"
            + " every token.")
    String tokenSecret() default "";

    @AttributeDefinition(description = "Seconds a successful Basic login counts as fresh (keyed by user and"
            + " password), so that not every request redoes the JAAS login; after that it is re-checked in the"
            + " background while still served, for up to as long again. 0 turns this off. A change of"
            + " users.properties drops every remembered login within a second.", min = "0")
    int basicCacheSeconds() default 30;

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Password for the user"
            + " 'admin' created at the first start when the realm has none. Empty: a random one, written to"
            + " data/dayuan/admin-password, readable by Dayuan's own user only.")
    String adminPassword() default "";
}
