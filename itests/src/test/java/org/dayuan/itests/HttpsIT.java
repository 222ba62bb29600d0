package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * HTTPS as README documents it: one block in etc/org.ops4j.pax.web.cfg naming a keystore. The keystore is made
 * here with the JDK's keytool, as an operator would make or import one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpsIT extends DistributionTest {
    private static final String SECURE_PORT_PROPERTY = "dayuan.it.https.port";
    private static final String KEYSTORE_PROPERTY = "dayuan.it.keystore";
    private static final String PASSWORD = "it-keystore-2026";

    @Override
    @Configuration
    public Option[] config() {
        File keystore = new File("target/https/dayuan.p12").getAbsoluteFile();
        try {
            makeKeystore(keystore.toPath());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("keytool failed", e);
        }
        String securePort = String.valueOf(Dist.freePort());
        List<Option> options = new ArrayList<>(List.of(Dist.options()));
        String cfg = "etc/org.ops4j.pax.web.cfg";
        options.add(editConfigurationFilePut(cfg, "org.osgi.service.http.secure.enabled", "true"));
        options.add(editConfigurationFilePut(cfg, "org.osgi.service.http.port.secure", securePort));
        options.add(editConfigurationFilePut(cfg, "org.ops4j.pax.web.ssl.keystore", keystore.getPath()));
        options.add(editConfigurationFilePut(cfg, "org.ops4j.pax.web.ssl.keystore.type", "PKCS12"));
        options.add(editConfigurationFilePut(cfg, "org.ops4j.pax.web.ssl.keystore.password", PASSWORD));
        options.add(editConfigurationFilePut(cfg, "org.ops4j.pax.web.ssl.key.password", PASSWORD));
        options.add(systemProperty(SECURE_PORT_PROPERTY).value(securePort));
        options.add(systemProperty(KEYSTORE_PROPERTY).value(keystore.getPath()));
        return options.toArray(Option[]::new);
    }

    private static void makeKeystore(Path keystore) throws IOException, InterruptedException {
        Files.createDirectories(keystore.getParent());
        Files.deleteIfExists(keystore);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "dayuan", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass",
                PASSWORD).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool: " + out);
        }
    }

    @Test
    public void theApiAnswersOverHttpsWithTheConfiguredCertificate() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(System.getProperty(KEYSTORE_PROPERTY))) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        String base = "https://127.0.0.1:" + System.getProperty(SECURE_PORT_PROPERTY);

        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(health.body(), 200, health.statusCode());
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(base + "/api/2/things/"
                + CAMPUS)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> campus = client.send(HttpRequest.newBuilder(URI.create(base + "/api/2/things/" + CAMPUS))
                .header("Authorization", Api.basic(Dist.ADMIN, Dist.ADMIN_PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(campus.body(), 200, campus.statusCode());
        assertEquals(CAMPUS, Api.JSON.readTree(campus.body()).path("thingId").asText());
    }
}
