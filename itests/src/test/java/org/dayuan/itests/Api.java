package org.dayuan.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small HTTP client for the twin API, as any integrator's program would call it. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    /** The Authorization header sent with every request that does not bring its own; null: none. */
    private final String authorization;

    /** A client authenticated as the distribution's admin. */
    Api(int port) {
        this("http://127.0.0.1:" + port, basic(Dist.ADMIN, Dist.ADMIN_PASSWORD));
    }

    private Api(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The same API as {@code user} with HTTP Basic. */
    Api as(String user, String password) {
        return new Api(base, basic(user, password));
    }

    /** The same API with a bearer token. */
    Api withToken(String token) {
        return new Api(base, "Bearer " + token);
    }

    /** The same API without credentials. */
    Api anonymous() {
        return new Api(base, null);
    }

    record Reply(int status, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + raw.body(), e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        Optional<String> body() {
            return Optional.ofNullable(raw.body()).filter(b -> !b.isEmpty());
        }

        @Override
        public String toString() {
            return status + " " + raw.headers().map() + " " + raw.body();
        }
    }

    /** {@code body} with single quotes for double quotes, so tests read like the JSON they send. */
    static String q(String body) {
        return body.replace('\'', '"');
    }

    Reply send(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        boolean ownAuthorization = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            ownAuthorization |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (authorization != null && !ownAuthorization) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The status line's code for a request sent byte for byte, for paths no well-behaved client would send. */
    int rawStatus(String method, String path) {
        try (Socket socket = new Socket(URI.create(base).getHost(), URI.create(base).getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    Reply post(String path, String json, String... headers) {
        return send("POST", path, "application/json", json == null ? null : q(json), headers);
    }

    Reply get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    Reply put(String path, String json, String... headers) {
        return send("PUT", path, "application/json", q(json), headers);
    }

    Reply patch(String path, String json, String... headers) {
        return send("PATCH", path, "application/merge-patch+json", q(json), headers);
    }

    Reply delete(String path, String... headers) {
        return send("DELETE", path, null, null, headers);
    }

    /**
     * Waits until {@code /api/health} answers 200 ({@code UP}: every part ready, logins included), then checks that
     * a login works at once and the registry holds at least {@code minTwins}. Polls without credentials, so the wait
     * cannot count towards a lockout.
     */
    Reply awaitHealthy(int minTwins, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reply last = null;
        Api anonymous = anonymous();
        while (System.nanoTime() < deadline) {
            try {
                last = anonymous.get("/api/health");
            } catch (AssertionError notListening) {
                last = null;
            }
            if (last != null && last.status() == 200) {
                Reply login = whoami();
                if (login.status() != 200) {
                    throw new AssertionError("UP, yet the first login after it failed: " + login);
                }
                Reply health = get("/api/health");
                if (health.json().path("twins").asInt() < minTwins) {
                    throw new AssertionError("UP with fewer than " + minTwins + " twins: " + health);
                }
                return health;
            }
            pause(250);
        }
        throw new AssertionError("Dayuan did not become healthy in " + timeout + "; last answer: " + last
                + logTail());
    }

    /** Inside a Pax Exam container, the log's last warnings and errors: why a boot failed is otherwise lost in CI. */
    private static String logTail() {
        String dir = System.getProperty("karaf.log");
        if (dir == null) {
            return "";
        }
        try (Stream<String> lines = Files.lines(Path.of(dir, "karaf.log"))) {
            List<String> bad = lines.filter(l -> l.contains("| WARN ") || l.contains("| ERROR ")).toList();
            return "; the log's last warnings and errors:\n"
                    + String.join("\n", bad.subList(Math.max(0, bad.size() - 30), bad.size()));
        } catch (IOException | UncheckedIOException e) {
            return "; no log: " + e;
        }
    }

    /**
     * {@code GET /api/dayuan/auth/whoami} as this client. Waits only while the answer is 404 (the container may
     * register a servlet a moment after its component is up); a refused login is returned, never retried.
     */
    Reply whoami() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Reply r = get("/api/dayuan/auth/whoami");
        while (r.status() == 404 && System.nanoTime() < deadline) {
            pause(100);
            r = get("/api/dayuan/auth/whoami");
        }
        return r;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
