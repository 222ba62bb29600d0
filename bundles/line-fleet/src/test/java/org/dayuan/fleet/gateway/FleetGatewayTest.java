package org.dayuan.fleet.gateway;

import static org.dayuan.fleet.gateway.Fleet.CAR;
import static org.dayuan.fleet.gateway.Fleet.CAR_PHONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.jtt808.Authenticate;
import org.dayuan.jtt808.Header;
import org.dayuan.jtt808.Heartbeat;
import org.dayuan.jtt808.Jtt808;
import org.dayuan.jtt808.Location;
import org.dayuan.jtt808.LocationBatch;
import org.dayuan.jtt808.LocationItem;
import org.dayuan.jtt808.Logout;
import org.dayuan.jtt808.Message;
import org.dayuan.jtt808.MessageIds;
import org.dayuan.jtt808.PlatformResponse;
import org.dayuan.jtt808.Register;
import org.dayuan.jtt808.RegisterResponse;
import org.junit.jupiter.api.Test;

class FleetGatewayTest {
    static final Register REGISTRATION = new Register(0x20, 0x412, "70111", "JT-100", "T000001", 1, "苏D00001");
    final Fleet fleet = new Fleet();
    final Fleet.Terminal car = fleet.new Terminal("10.0.0.5:40001", CAR_PHONE, false);

    static Location at(int hour, int minute, double lat, double lon, double speed) {
        return Location.of(0, Location.STATUS_ACC | Location.STATUS_FIXED, lat, lon, 12, speed, 90,
                LocalDateTime.of(2026, 12, 6, hour, minute, 0), List.of(LocationItem.mileage(123456),
                        LocationItem.fuel(432), LocationItem.soc(77)));
    }

    /** Registers and authenticates; returns the code. */
    static String login(Fleet.Terminal t) {
        RegisterResponse r = (RegisterResponse) t.ask(REGISTRATION).body();
        assertEquals(RegisterResponse.OK, r.result());
        PlatformResponse ok = (PlatformResponse) t.ask(t.v2019 ? new Authenticate(r.authCode(), "860000000000001",
                "1.0.0") : Authenticate.v2013(r.authCode())).body();
        assertEquals(PlatformResponse.OK, ok.result());
        return r.authCode();
    }

    @Test
    void registrationStoresTheTerminalAndOnlyAHashOfTheCode() {
        Message m = car.ask(REGISTRATION);
        assertEquals(MessageIds.REGISTER_RESPONSE, m.header().msgId());
        assertEquals(CAR_PHONE, m.header().phone());
        RegisterResponse r = (RegisterResponse) m.body();
        assertEquals(0, r.answeredSerial());
        assertEquals(RegisterResponse.OK, r.result());
        assertEquals(16, r.authCode().length());
        assertEquals("T000001", fleet.terminal(CAR, "terminalId").asText());
        assertEquals("70111", fleet.terminal(CAR, "manufacturer").asText());
        assertEquals("JT-100", fleet.terminal(CAR, "model").asText());
        assertEquals(1, fleet.terminal(CAR, "plateColour").asInt());
        assertEquals("2013", fleet.terminal(CAR, "protocol").asText());
        assertEquals("2026-12-06T10:00:00+08:00", fleet.terminal(CAR, "registeredAt").asText());
        assertFalse(fleet.get(CAR).toJson().toString().contains(r.authCode()), "the code itself is not stored");
        assertEquals(64, fleet.terminal(CAR, "authHash").asText().length());

        RegisterResponse again = (RegisterResponse) car.ask(REGISTRATION).body();
        assertFalse(again.authCode().equals(r.authCode()), "each registration gets a fresh code");
        PlatformResponse old = (PlatformResponse) car.ask(Authenticate.v2013(r.authCode())).body();
        assertEquals(PlatformResponse.FAILURE, old.result(), "the previous code is void");
    }

    @Test
    void authenticationWithTheRightCodeOnly() {
        String code = ((RegisterResponse) car.ask(REGISTRATION).body()).authCode();
        List<String> before = fleet.snapshot();
        PlatformResponse wrong = (PlatformResponse) car.ask(Authenticate.v2013(code + "x")).body();
        assertEquals(PlatformResponse.FAILURE, wrong.result());
        assertEquals(MessageIds.AUTHENTICATE, wrong.answeredId());
        assertEquals(1, wrong.answeredSerial());
        assertEquals(before, fleet.snapshot());
        assertFalse(fleet.gateway.stats(CAR_PHONE).orElseThrow().authenticated());
        assertEquals(PlatformResponse.FAILURE, ((PlatformResponse) car.ask(new Heartbeat()).body()).result());

        PlatformResponse ok = (PlatformResponse) car.ask(Authenticate.v2013(code)).body();
        assertEquals(PlatformResponse.OK, ok.result());
        assertTrue(fleet.gateway.stats(CAR_PHONE).orElseThrow().authenticated());
        assertEquals(PlatformResponse.OK, ((PlatformResponse) car.ask(new Heartbeat()).body()).result());
    }

    @Test
    void theAnswerIsTheStandardsGeneralResponseByteForByte() {
        login(car); // platform serials 0 and 1 used
        car.serial = 0x0a;
        FleetGateway.Outcome out = car.send(new Heartbeat());
        // 8001, length 5, phone 01 39 51 20 00 01, platform serial 0002; answers serial 000a, id 0002, result 0
        assertEquals("7e 80 01 00 05 01 39 51 20 00 01 00 02 00 0a 00 02 00 c6 7e",
                HexFormat.ofDelimiter(" ").formatHex(out.reply()));
    }

    @Test
    void aLocationIsMergedIntoTheVehicle() {
        login(car);
        Message m = car.ask(at(10, 1, 31.812345, 119.973456, 42.5));
        assertEquals(new PlatformResponse(2, MessageIds.LOCATION, 0), m.body());
        assertEquals(31.812345, fleet.location(CAR, "lat").asDouble(), 1e-9);
        assertEquals(119.973456, fleet.location(CAR, "lon").asDouble(), 1e-9);
        assertEquals(42.5, fleet.location(CAR, "speed").asDouble());
        assertEquals(90, fleet.location(CAR, "heading").asInt());
        assertTrue(fleet.location(CAR, "acc").asBoolean());
        assertEquals(12345.6, fleet.location(CAR, "odometer").asDouble(), 1e-9);
        assertEquals(43.2, fleet.location(CAR, "fuel").asDouble(), 1e-9);
        assertEquals(77, fleet.location(CAR, "soc").asInt());
        assertEquals(12, fleet.location(CAR, "altitude").asInt());
        assertEquals(0, fleet.location(CAR, "alarm").asLong());
        assertTrue(fleet.location(CAR, "online").asBoolean());
        assertEquals("2026-12-06T10:01:00+08:00", fleet.location(CAR, "timestamp").asText());

        car.ask(Location.of(1, 0, -12.5, -45.25, 0, 0, 0, LocalDateTime.of(2026, 12, 6, 10, 2, 0), List.of()));
        assertEquals(-12.5, fleet.location(CAR, "lat").asDouble());
        assertEquals(-45.25, fleet.location(CAR, "lon").asDouble());
        assertFalse(fleet.location(CAR, "acc").asBoolean());
        assertEquals(1, fleet.location(CAR, "alarm").asLong());
        assertEquals(12345.6, fleet.location(CAR, "odometer").asDouble(), 1e-9, "an item not sent stays");
        assertEquals(4, fleet.gateway.stats(CAR_PHONE).orElseThrow().framesOk(), "register, auth, two locations");
        assertEquals(0, fleet.gateway.stats(CAR_PHONE).orElseThrow().framesRefused());
    }

    @Test
    void aBatchGoesInTimeOrderAndLatePointsDoNotMoveTheVehicleBack() {
        login(car);
        car.ask(at(10, 30, 31.9, 120.0, 30));
        int before = (int) fleet.get(CAR).revision();
        Message m = car.ask(new LocationBatch(LocationBatch.BLIND_AREA, List.of(
                at(10, 40, 31.95, 120.05, 50), at(10, 20, 31.85, 119.95, 40), at(10, 35, 31.92, 120.02, 45),
                at(10, 10, 31.80, 119.90, 20))));
        assertEquals(new PlatformResponse(3, MessageIds.LOCATION_BATCH, 0), m.body(), "one answer for the batch");
        assertEquals("2026-12-06T10:40:00+08:00", fleet.location(CAR, "timestamp").asText());
        assertEquals(31.95, fleet.location(CAR, "lat").asDouble());
        JsonNode backfill = fleet.location(CAR, "backfill");
        assertEquals("2026-12-06T10:00:00+08:00", backfill.get("receivedAt").asText());
        assertEquals(2, backfill.get("points").size());
        assertEquals("2026-12-06T10:10:00+08:00", backfill.get("points").get(0).get("timestamp").asText());
        assertEquals("2026-12-06T10:20:00+08:00", backfill.get("points").get(1).get("timestamp").asText());
        assertEquals(31.85, backfill.get("points").get(1).get("lat").asDouble());
        assertEquals(3, fleet.get(CAR).revision() - before, "10:35 and 10:40 each written (the track), then backfill");

        car.ask(at(10, 5, 31.7, 119.8, 0));
        assertEquals("2026-12-06T10:40:00+08:00", fleet.location(CAR, "timestamp").asText(), "a late single report");
        assertEquals("2026-12-06T10:05:00+08:00",
                fleet.location(CAR, "backfill").get("points").get(0).get("timestamp").asText());
        long revision = fleet.get(CAR).revision();
        car.ask(at(10, 40, 31.95, 120.05, 50));
        assertEquals(revision, fleet.get(CAR).revision(), "a resend of the current point changes nothing");
    }

    @Test
    void anUnknownTerminalIsToldSoAndNothingChanges() {
        List<String> before = fleet.snapshot();
        Fleet.Terminal stranger = fleet.new Terminal("10.0.0.9:1", Fleet.NOBODY, false);
        assertEquals(new RegisterResponse(0, RegisterResponse.NO_SUCH_TERMINAL, null), stranger.ask(REGISTRATION)
                .body());
        Fleet.Terminal shared = fleet.new Terminal("10.0.0.9:2", Fleet.SHARED_PHONE, false);
        assertEquals(RegisterResponse.NO_SUCH_TERMINAL, ((RegisterResponse) shared.ask(REGISTRATION).body())
                .result(), "a number two vehicles claim binds neither");
        assertEquals(PlatformResponse.FAILURE, ((PlatformResponse) stranger.ask(Authenticate.v2013("x")).body())
                .result());
        assertEquals(before, fleet.snapshot());
        assertTrue(fleet.gateway.stats(Fleet.NOBODY).isEmpty(), "no counters for numbers nobody registered");
        assertEquals(3, fleet.gateway.unattributed().framesRefused());
        assertEquals(3, fleet.gateway.refusals().get(FleetGateway.UNKNOWN_TERMINAL));
    }

    @Test
    void beforeAuthenticationEverythingElseFailsAndChangesNothing() {
        car.ask(REGISTRATION);
        List<String> before = fleet.snapshot();
        assertEquals(PlatformResponse.FAILURE, ((PlatformResponse) car.ask(at(10, 1, 31.8, 120.0, 10)).body())
                .result());
        assertEquals(PlatformResponse.FAILURE, ((PlatformResponse) car.ask(new LocationBatch(0,
                List.of(at(10, 1, 31.8, 120.0, 10)))).body()).result());
        assertEquals(PlatformResponse.FAILURE, ((PlatformResponse) car.ask(new Logout()).body()).result());
        assertEquals(before, fleet.snapshot());
        assertEquals(3, fleet.gateway.stats(CAR_PHONE).orElseThrow().framesRefused());
        assertEquals(FleetGateway.UNAUTHENTICATED, fleet.gateway.stats(CAR_PHONE).orElseThrow().recent().get(0)
                .reason());
    }

    @Test
    void aConnectionSpeaksForItsOwnTerminalOnly() {
        login(car);
        Fleet.Terminal impostor = fleet.new Terminal(car.peer, Fleet.OTHER_PHONE, false);
        List<String> before = fleet.snapshot();
        assertEquals(PlatformResponse.FAILURE, ((PlatformResponse) impostor.ask(at(10, 1, 1, 1, 1)).body()).result());
        assertEquals(PlatformResponse.FAILURE, ((PlatformResponse) impostor.ask(REGISTRATION).body()).result());
        assertEquals(before, fleet.snapshot());
        assertEquals(java.util.Map.of(FleetGateway.OTHER_TERMINAL, 2L), fleet.gateway.refusals());
    }

    @Test
    void unsupportedMalformedAndBrokenFrames() {
        login(car);
        List<String> before = fleet.snapshot();
        byte[] unsupported = Jtt808.encode(car.header(0x0900), new byte[] {1, 2});
        FleetGateway.Outcome out = car.raw(unsupported);
        assertEquals(PlatformResponse.UNSUPPORTED, response(out).result());
        assertEquals(0x0900, response(out).answeredId());

        byte[] cut = Jtt808.encode(car.header(MessageIds.LOCATION), new byte[] {0, 0, 0, 0, 0, 0});
        assertEquals(PlatformResponse.MESSAGE_ERROR, response(car.raw(cut)).result());
        assertEquals("body.truncated", fleet.gateway.stats(CAR_PHONE).orElseThrow().recent().get(0).reason());

        byte[] badCheck = Jtt808.encode(car.header(MessageIds.HEARTBEAT), new Heartbeat());
        badCheck[badCheck.length - 2] ^= 0x01;
        FleetGateway.Outcome dropped = car.raw(badCheck);
        assertNull(dropped.reply(), "a frame failing its check is dropped unanswered");
        assertEquals("frame.check", dropped.refused());
        assertEquals(before, fleet.snapshot());
        assertEquals(PlatformResponse.OK, response(car.send(new Heartbeat())).result(), "and the connection serves on");
    }

    @Test
    void logoutAndDisconnectTakeTheVehicleOffline() {
        Fleet.Terminal t2019 = fleet.new Terminal("10.0.0.7:5000", CAR_PHONE, true);
        login(t2019);
        assertEquals("1.0.0", fleet.terminal(CAR, "softwareVersion").asText());
        assertEquals("860000000000001", fleet.terminal(CAR, "imei").asText());
        assertEquals("2019", fleet.terminal(CAR, "protocol").asText());
        t2019.ask(at(10, 1, 31.8, 120.0, 10));
        assertTrue(fleet.location(CAR, "online").asBoolean());
        fleet.gateway.disconnected(t2019.peer);
        assertFalse(fleet.location(CAR, "online").asBoolean());
        assertFalse(fleet.gateway.stats(CAR_PHONE).orElseThrow().connected());

        login(car);
        assertTrue(fleet.location(CAR, "online").asBoolean(), "authenticated again: online");
        assertEquals(PlatformResponse.OK, ((PlatformResponse) car.ask(new Logout()).body()).result());
        assertFalse(fleet.location(CAR, "online").asBoolean());
        assertEquals(PlatformResponse.FAILURE, ((PlatformResponse) car.ask(new Heartbeat()).body()).result());
    }

    @Test
    void anOldConnectionClosingDoesNotTakeANewOneOffline() {
        login(car);
        Fleet.Terminal again = fleet.new Terminal("10.0.0.5:40002", CAR_PHONE, false);
        login(again);
        fleet.gateway.disconnected(car.peer);
        assertTrue(fleet.location(CAR, "online").asBoolean());
        assertTrue(fleet.gateway.stats(CAR_PHONE).orElseThrow().connected());
    }

    @Test
    void subPacketsAreAnsweredOneByOneAndAppliedWhenComplete() throws Exception {
        login(car);
        LocationBatch batch = new LocationBatch(1, List.of(at(10, 1, 31.8, 120.0, 10), at(10, 2, 31.81, 120.01, 20),
                at(10, 3, 31.82, 120.02, 30)));
        List<byte[]> pieces = Jtt808.encodePieces(Header.v2013(MessageIds.LOCATION_BATCH, CAR_PHONE, 50), batch, 50);
        assertEquals(3, pieces.size());
        FleetGateway.Outcome third = car.raw(pieces.get(2));
        assertEquals(new PlatformResponse(52, MessageIds.LOCATION_BATCH, 0), response(third));
        car.raw(pieces.get(0));
        assertEquals(Fleet.START, fleet.location(CAR, "timestamp").asText(), "nothing applied before the last piece");
        assertEquals(new PlatformResponse(51, MessageIds.LOCATION_BATCH, 0), response(car.raw(pieces.get(1))));
        assertEquals("2026-12-06T10:03:00+08:00", fleet.location(CAR, "timestamp").asText());
    }

    @Test
    void theDirectoryFollowsTheVehicles() {
        Fleet.Terminal late = fleet.new Terminal("10.0.0.8:1", "013951200055", false);
        assertEquals(RegisterResponse.NO_SUCH_TERMINAL, ((RegisterResponse) late.ask(REGISTRATION).body()).result());
        fleet.vehicle(org.dayuan.twin.TwinId.of("cz.wujin:vehicle-55"), "13951200055");
        assertEquals(RegisterResponse.OK, ((RegisterResponse) late.ask(REGISTRATION).body()).result(),
                "a vehicle created since is found, its number compared without leading zeros");
    }

    static PlatformResponse response(FleetGateway.Outcome out) {
        assertNotNull(out.reply(), String.valueOf(out.message()));
        try {
            return (PlatformResponse) Jtt808.decodeMessage(out.reply()).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
