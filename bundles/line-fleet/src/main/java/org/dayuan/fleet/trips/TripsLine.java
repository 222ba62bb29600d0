package org.dayuan.fleet.trips;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.dayuan.fleet.track.Tracks;
import org.dayuan.twin.HealthIndicator;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.TwinSubscriptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The trip orders' own work, apart from HTTP: keeps the active orders ({@link TripIndex}) and starts a dispatched
 * order when its car's reports show it moving ({@link TripStarter}). Ready once both follow the registry's events,
 * so a report arriving after {@code /api/health} says UP is not missed.
 */
@Component(immediate = true, configurationPid = "org.dayuan.fleet.trips", service = HealthIndicator.class)
@Designate(ocd = TripsConfig.class)
public final class TripsLine implements HealthIndicator {
    private final ExecutorService work = Executors.newSingleThreadExecutor(r -> new Thread(r, "dayuan-fleet-trips"));
    private final TripIndex index;
    private final TripStarter starter;

    @Activate
    public TripsLine(TripsConfig config, @Reference TwinRegistry registry, @Reference TwinSearch search,
                     @Reference TwinSubscriptions subscriptions, @Reference TwinHistory history) {
        TripStore store = TripServlet.store(config, registry, search, history);
        index = new TripIndex(subscriptions, search, registry.identity());
        starter = new TripStarter(subscriptions, index, store, Duration.ofMinutes(config.graceMinutes()),
                config.start_speedKmh(), config.start_movedMeters(), work);
    }

    @Override
    public String name() {
        return "fleet-trips";
    }

    @Override
    public Optional<String> problem() {
        return Optional.empty();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        starter.close();
        index.close();
        work.shutdown();
        work.awaitTermination(10, TimeUnit.SECONDS);
    }
}
