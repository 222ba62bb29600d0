package org.dayuan.twin.core.grants;

import java.util.Optional;

import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.core.SubscriptionsComponent;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link TwinSubscriptions} service as one bundle gets it: the subscriber bounded by that bundle's grant when it
 * subscribes, and every later event checked against the grant as it is then, so a bundle whose grant is narrowed or
 * removed from {@code etc/org.dayuan.identities.cfg} stops getting what it may no longer see.
 */
@Component(service = TwinSubscriptions.class, scope = ServiceScope.BUNDLE)
public final class BundleSubscriptions implements TwinSubscriptions {
    private final TwinSubscriptions subscriptions;
    private final BundleGrants grants;
    private final String bundle;

    @Activate
    public BundleSubscriptions(@Reference SubscriptionsComponent subscriptions, @Reference BundleGrants grants,
                               ComponentContext context) {
        this(subscriptions, grants, context.getUsingBundle().getSymbolicName());
    }

    /** The view of the bundle with symbolic name {@code bundle}. */
    public BundleSubscriptions(TwinSubscriptions subscriptions, BundleGrants grants, String bundle) {
        this.subscriptions = subscriptions;
        this.grants = grants;
        this.bundle = bundle;
    }

    @Override
    public Subscription subscribe(Caller caller, EventSelection selection, long afterSeq,
                                  SubscriptionListener listener) {
        return subscriptions.subscribe(grants.bound(bundle, caller), selection, afterSeq, new SubscriptionListener() {
            @Override
            public void onEvent(TwinEvent event, Optional<Twin> after) {
                if (grants.bound(bundle, caller).sees(event.thingId())) {
                    listener.onEvent(event, after);
                }
            }

            @Override
            public void reset(String reason) {
                listener.reset(reason);
            }
        });
    }
}
