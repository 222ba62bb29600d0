package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Devices log in to the embedded broker with users of the realm and change only twins of their own organisations:
 * the broker drops a publish outside them, and ingestion, acting within its configured scope (here cz.wujin only),
 * refuses one the broker let through (an administrator's) and parks it as a dead letter.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MqttSecurityIT extends DistributionTest {
    private static final String WUJIN_METER = "cz.wujin:meter-e-a-main";
    private static final String XINBEI_METER = "cz.xinbei:meter-x";

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        options.add(editConfigurationFilePut("etc/org.dayuan.identities.cfg", "bundle.org.dayuan.device-mqtt",
                "device, ns:cz.wujin, name:device-mqtt"));
        return options.toArray(Option[]::new);
    }

    private long revision(String thingId) {
        return api.get("/api/2/things/" + thingId).json().path("_revision").asLong();
    }

    private double reading(String thingId) {
        return api.get("/api/2/things/" + thingId + "/features/energy/properties/reading").json().asDouble();
    }

    private void xinbeiMeter() {
        int status = api.put("/api/2/things/" + XINBEI_METER,
                "{'features':{'energy':{'properties':{'reading':5}}}}").status();
        assertTrue("created or already there: " + status, status == 201 || status == 204);
    }

    @Test
    public void anonymousClientsAndWrongPasswordsAreRefused() {
        MqttException anonymous = assertThrows(MqttException.class, () -> new Mqtt("it-anon", null, null));
        assertEquals(anonymous.toString(), MqttException.REASON_CODE_FAILED_AUTHENTICATION, anonymous.getReasonCode());
        MqttException wrong = assertThrows(MqttException.class, () -> new Mqtt("it-wrong", Mqtt.DEVICE, "guess"));
        assertEquals(wrong.toString(), MqttException.REASON_CODE_FAILED_AUTHENTICATION, wrong.getReasonCode());
        // a user of the API with a role that may not write devices
        MqttException viewer = assertThrows(MqttException.class, () -> {
            try (Mqtt v = new Mqtt("it-viewer", "wj-viewer", Dist.USER_PASSWORD)) {
                v.publish("dayuan/cz.wujin/meter-e-a-main/energy", "{'reading':1}");
            }
        });
        assertEquals("dropped, never acknowledged", MqttException.REASON_CODE_CLIENT_TIMEOUT, viewer.getReasonCode());
    }

    @Test
    public void aDeviceOfWujinChangesNothingInXinbeiAndItsOwnReadingLands() throws Exception {
        xinbeiMeter();
        long xinbeiRevision = revision(XINBEI_METER);
        try (Mqtt device = new Mqtt("it-wujin-device")) {
            MqttException dropped = assertThrows(MqttException.class,
                    () -> device.publish("dayuan/cz.xinbei/meter-x/energy", "{'reading':666}"));
            assertEquals(MqttException.REASON_CODE_CLIENT_TIMEOUT, dropped.getReasonCode());
        }
        try (Mqtt device = new Mqtt("it-wujin-device-2")) {
            device.publish("dayuan/cz.wujin/meter-e-a-main/energy", "{'reading':88888.5}");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (reading(WUJIN_METER) != 88888.5) {
            assertTrue("the device's own reading never landed", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        // Ingestion keeps each twin's order and the cz.wujin reading came after: the other would have landed by now.
        assertEquals(xinbeiRevision, revision(XINBEI_METER));
        assertEquals(5, reading(XINBEI_METER), 0);
    }

    @Test
    public void ingestionRefusesANamespaceOutsideItsScopeAsADeadLetter() throws Exception {
        xinbeiMeter();
        Mqtt.awaitStatus(api, s -> s.path("connected").asBoolean());
        long xinbeiRevision = revision(XINBEI_METER);
        long rejected = Mqtt.status(api).path("rejected").asLong();
        // The administrator may write every namespace, so the broker lets this through; ingestion may not.
        try (Mqtt admin = new Mqtt("it-admin", Dist.ADMIN, Dist.ADMIN_PASSWORD)) {
            admin.publish("dayuan/cz.xinbei/meter-x/energy", "{'reading':777}");
        }
        JsonNode status = Mqtt.awaitStatus(api, s -> s.path("rejected").asLong() > rejected);
        JsonNode parked = status.path("recentRejections").get(0);
        assertEquals("dayuan/cz.xinbei/meter-x/energy", parked.path("topic").asText());
        assertTrue(parked.toString(), parked.path("reason").asText().contains("cz.xinbei"));
        assertEquals(xinbeiRevision, revision(XINBEI_METER));
        assertEquals(5, reading(XINBEI_METER), 0);
    }
}
