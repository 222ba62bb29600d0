package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.client.DittoClient;
import org.eclipse.ditto.client.DittoClients;
import org.eclipse.ditto.client.changes.ChangeAction;
import org.eclipse.ditto.client.changes.ThingChange;
import org.eclipse.ditto.client.configuration.BasicAuthenticationConfiguration;
import org.eclipse.ditto.client.configuration.WebSocketMessagingConfiguration;
import org.eclipse.ditto.client.messaging.AuthenticationProviders;
import org.eclipse.ditto.client.messaging.MessagingProviders;
import org.eclipse.ditto.client.options.Options;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Eclipse Ditto's own Java client 2.4.0, unchanged, against Dayuan's /ws/2: what an integrator's Ditto code does
 * (create, modify, retrieve, change events with a filter, search, errors) works against the booted distribution.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DittoClientIT extends DistributionTest {
    private static final long WAIT = 30;

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        options.add(features("mvn:org.dayuan/dayuan-features/" + System.getProperty("project.version")
                + "/xml/features", "dayuan-ditto-client"));
        return options.toArray(Option[]::new);
    }

    private DittoClient connect(String user) throws Exception {
        return DittoClients.newInstance(MessagingProviders.webSocket(WebSocketMessagingConfiguration.newBuilder()
                        .endpoint("ws://localhost:" + port).jsonSchemaVersion(JsonSchemaVersion.V_2)
                        .reconnectEnabled(false).initialConnectRetryEnabled(false).build(),
                AuthenticationProviders.basic(BasicAuthenticationConfiguration.newBuilder().username(user)
                        .password(Dist.USER_PASSWORD).build())))
                .connect().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
    }

    /** The Ditto exception a refused call completes with. */
    private static DittoRuntimeException refusal(CompletionStage<?> stage) throws Exception {
        try {
            await(stage);
        } catch (ExecutionException e) {
            assertTrue(e.getCause().toString(), e.getCause() instanceof DittoRuntimeException);
            return (DittoRuntimeException) e.getCause();
        }
        fail("the call was not refused");
        return null;
    }

    @Test
    public void createModifyRetrieveAndErrorsAsDitto() throws Exception {
        DittoClient client = connect("wj-manager");
        try {
            ThingId id = ThingId.of("cz.wujin.dc:room-1");
            Thing created = await(client.twin().create(id, JsonObject.newBuilder()
                    .set("attributes", JsonObject.newBuilder().set("name", "305").build()).build()));
            assertEquals(id, created.getEntityId().orElseThrow());
            await(client.twin().forId(id).putAttribute("level", 3));
            await(client.twin().forId(id).putAttribute("name", "306"));
            await(client.twin().forId(id).mergeAttribute("area", 18));
            Thing read = await(client.twin().forId(id).retrieve());
            assertEquals("306", read.getAttributes().orElseThrow().getValue("name").orElseThrow().asString());
            assertEquals(3, read.getAttributes().orElseThrow().getValue("level").orElseThrow().asInt());
            assertEquals(18, api.get("/api/2/things/" + id + "/attributes/area").json().asInt());

            DittoRuntimeException missing = refusal(client.twin().forId(ThingId.of("cz.wujin.dc:nope")).retrieve());
            assertEquals(404, missing.getHttpStatus().getCode());
            assertEquals("things:thing.notfound", missing.getErrorCode());

            assertEquals(201, api.put("/api/2/things/cz.xinbei.dc:hall", "{'attributes':{'name':'h'}}").status());
            DittoRuntimeException foreign = refusal(client.twin().forId(ThingId.of("cz.xinbei.dc:hall"))
                    .putAttribute("name", "mine"));
            assertEquals(403, foreign.getHttpStatus().getCode());
            assertEquals("h", api.get("/api/2/things/cz.xinbei.dc:hall/attributes/name").json().asText());

            await(client.twin().delete(id));
            assertEquals(404, api.get("/api/2/things/" + id).status());
        } finally {
            client.destroy();
        }
    }

    @Test
    public void changeEventsArriveForTheFilteredTwinsOnly() throws Exception {
        DittoClient client = connect("wj-manager");
        try {
            BlockingQueue<ThingChange> changes = new LinkedBlockingQueue<>();
            client.twin().registerForThingChanges("all", changes::add);
            await(client.twin().startConsumption(Options.Consumption.namespaces("cz.wujin.dcev"),
                    Options.Consumption.filter("eq(attributes/kind,\"watched\")")));
            assertEquals(201, api.put("/api/2/things/cz.wujin.dcev:other", "{'attributes':{'kind':'other'}}").status());
            assertEquals(201, api.put("/api/2/things/cz.xinbei.dcev:far", "{'attributes':{'kind':'watched'}}").status());
            assertEquals(201, api.put("/api/2/things/cz.wujin.dcev:a", "{'attributes':{'kind':'watched'}}").status());
            assertEquals(204, api.put("/api/2/things/cz.wujin.dcev:a", "{'attributes':{'kind':'watched','level':2}}").status());

            // the client hands changes to its handlers on a thread pool, so they may come in any order
            List<ThingChange> received = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ThingChange change = changes.poll(WAIT, TimeUnit.SECONDS);
                assertTrue("a change within " + WAIT + " s", change != null);
                received.add(change);
            }
            received.sort(java.util.Comparator.comparingLong(ThingChange::getRevision));
            // the twins of another kind or another organisation, written first, never arrive
            ThingChange created = received.get(0);
            assertEquals(ThingId.of("cz.wujin.dcev:a"), created.getEntityId());
            assertEquals(ChangeAction.CREATED, created.getAction());
            assertEquals(1L, created.getRevision());
            ThingChange modified = received.get(1);
            assertEquals(ThingId.of("cz.wujin.dcev:a"), modified.getEntityId());
            assertEquals(ChangeAction.UPDATED, modified.getAction());
            assertEquals(2L, modified.getRevision());
            assertEquals(2, modified.getThing().orElseThrow().getAttributes().orElseThrow().getValue("level")
                    .orElseThrow().asInt());
            assertTrue("nothing else arrives", changes.isEmpty());
        } finally {
            client.destroy();
        }
    }

    @Test
    public void searchStreamsEveryMatchPageByPage() throws Exception {
        for (String n : List.of("s1", "s2", "s3")) {
            assertEquals(201, api.put("/api/2/things/cz.wujin.dcs:" + n, "{'attributes':{'kind':'s'}}").status());
        }
        DittoClient client = connect("wj-manager");
        try {
            List<String> found = client.twin().search().stream(q -> q.filter("eq(attributes/kind,\"s\")")
                    .namespace("cz.wujin.dcs").options("sort(+thingId),size(2)"))
                    .map(t -> t.getEntityId().orElseThrow().toString()).collect(Collectors.toList());
            assertEquals(List.of("cz.wujin.dcs:s1", "cz.wujin.dcs:s2", "cz.wujin.dcs:s3"), found);
        } finally {
            client.destroy();
        }
    }
}
