package org.dayuan.twin.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.spi.TwinJournal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Runs {@link Subscriptions}, which each bundle gets as its own bounded {@code TwinSubscriptions} service
 * ({@code grants.BundleSubscriptions}). It follows the registry itself (the
 * internal {@link Registry} service), which tells it each change with the twin before it, so a filtered subscriber
 * learns of the deletion of a twin it followed.
 */
@Component(service = SubscriptionsComponent.class, configurationPid = SubscriptionsComponent.PID)
@Designate(ocd = SubscriptionsConfig.class)
public final class SubscriptionsComponent implements TwinSubscriptions {
    static final String PID = "org.dayuan.subscriptions";

    private final Registry registry;
    private final ExecutorService delivery =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "dayuan-subscriptions"));
    private final Subscriptions subscriptions;

    @Activate
    public SubscriptionsComponent(@Reference Registry registry, @Reference TwinJournal journal,
                                  SubscriptionsConfig config) {
        this.registry = registry;
        this.subscriptions = new Subscriptions(journal, registry, config.maxResumeEvents(), delivery);
        registry.addFollower(subscriptions);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        registry.removeFollower(subscriptions);
        subscriptions.closeAll();
        delivery.shutdown();
        delivery.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public Subscription subscribe(Caller caller, EventSelection selection, long afterSeq,
                                  SubscriptionListener listener) {
        return subscriptions.subscribe(caller, selection, afterSeq, listener);
    }
}
