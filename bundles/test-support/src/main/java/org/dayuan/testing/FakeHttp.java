package org.dayuan.testing;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dayuan.twin.Caller;

/**
 * Just enough of a servlet request and response to drive a Dayuan servlet or filter without a container, built as
 * dynamic proxies: what they read is set on this object, what they answer is recorded on it. Methods no servlet
 * uses answer false, 0 or null.
 * <p>
 * Every bundle with a servlet tests against this one fake rather than a copy that drifts from it.
 */
public final class FakeHttp {
    /** Rejects trailing content, so that a body of more than one JSON value fails the test. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern ERROR_ID = Pattern.compile("error id ([0-9a-f]{8})\\b");

    // What the servlet reads.
    public String method = "GET";
    public String uri;
    /** Null unless set, directly or through {@link #mountedAt}. */
    public String servletPath;
    public String pathInfo;
    /** A distinct client address lets a test tell that the servlet reported the caller's origin. */
    public String remoteAddr = "127.0.0.1";
    public final Map<String, List<String>> parameters = new LinkedHashMap<>();
    /** Looked up regardless of case, as HTTP header names are. */
    public final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    /** Shared by every {@link #request()}, so what a filter sets the servlet after it reads. */
    public final Map<String, Object> attributes = new HashMap<>();
    public String requestContentType;
    public byte[] requestBody = new byte[0];
    /** Thrown by parameter reads, as a container does when it cannot decode the query. */
    public RuntimeException parameterFailure;

    // What the servlet answered.
    public int status = 200;
    public String contentType;
    /** Every value of every header, in the order set; names regardless of case, as HTTP header names are. */
    public final Map<String, List<String>> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    public final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private PrintWriter writer;

    /** An administrator of every organisation, the caller of requests that do not choose one. */
    public static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");

    /**
     * A GET of {@code uri}. It carries {@link #ADMIN} as the authenticated caller, because most servlet tests
     * are not about access; use {@link #caller} for one that is, or a request no filter has seen yet.
     */
    public FakeHttp(String uri) {
        this.uri = uri;
        attributes.put(Caller.REQUEST_ATTRIBUTE, ADMIN);
    }

    public FakeHttp(String method, String uri) {
        this(uri);
        this.method = method;
    }

    /** Who the authentication filter would have let in; null for a request it did not authenticate. */
    public FakeHttp caller(Caller caller) {
        if (caller == null) {
            attributes.remove(Caller.REQUEST_ATTRIBUTE);
        } else {
            attributes.put(Caller.REQUEST_ATTRIBUTE, caller);
        }
        return this;
    }

    /**
     * Splits the URI as the container does for a servlet registered at {@code servletPath + "/*"}: the rest of the
     * URI becomes the path info, null when nothing is left.
     */
    public FakeHttp mountedAt(String servletPath) {
        if (!uri.equals(servletPath) && !uri.startsWith(servletPath + "/")) {
            throw new IllegalArgumentException(uri + " is not under " + servletPath);
        }
        this.servletPath = servletPath;
        this.pathInfo = uri.length() == servletPath.length() ? null : uri.substring(servletPath.length());
        return this;
    }

    /** Sets parameter {@code name} to {@code value} alone. */
    public FakeHttp parameter(String name, String value) {
        parameters.put(name, new ArrayList<>(List.of(value)));
        return this;
    }

    /** Adds one more value to parameter {@code name}, as a repeated query parameter does. */
    public FakeHttp addParameter(String name, String value) {
        parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    public FakeHttp header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public FakeHttp requestBody(String contentType, String text) {
        requestContentType = contentType;
        requestBody = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public FakeHttp jsonBody(String json) {
        return requestBody("application/json", json);
    }

    /** Lets {@code servlet} handle this request; returns this, now holding the answer. */
    public FakeHttp send(HttpServlet servlet) throws ServletException, IOException {
        servlet.service(request(), response());
        return this;
    }

    /** A request reading this object's current state; its body can be read once, as a container's can. */
    public HttpServletRequest request() {
        ByteArrayInputStream in = new ByteArrayInputStream(requestBody);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> uri;
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "getRemoteAddr" -> remoteAddr;
                    case "getParameter" -> {
                        List<String> v = values((String) args[0]);
                        yield v == null ? null : v.get(0);
                    }
                    case "getParameterValues" -> {
                        List<String> v = values((String) args[0]);
                        yield v == null ? null : v.toArray(String[]::new);
                    }
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getContentType" -> requestContentType;
                    case "getContentLength" -> requestBody.length;
                    case "getContentLengthLong" -> (long) requestBody.length;
                    case "getInputStream" -> stream;
                    case "getReader" -> new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
                    case "toString" -> method + " " + uri;
                    default -> defaultOf(m.getReturnType());
                });
    }

    private List<String> values(String name) {
        if (parameterFailure != null) {
            throw parameterFailure;
        }
        return parameters.get(name);
    }

    /** A response recording into this object; several, one after another, record into the same place. */
    public HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "setContentType" -> {
                        contentType = (String) args[0];
                        yield null;
                    }
                    case "setHeader" -> {
                        responseHeaders.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                        yield null;
                    }
                    case "addHeader" -> {
                        responseHeaders.computeIfAbsent((String) args[0], k -> new ArrayList<>()).add((String) args[1]);
                        yield null;
                    }
                    case "getHeader" -> responseHeader((String) args[0]);
                    case "containsHeader" -> responseHeaders.containsKey((String) args[0]);
                    case "getOutputStream" -> out;
                    case "getWriter" -> writer();
                    case "resetBuffer" -> {
                        // Nothing is ever committed here, so a servlet may always discard what it wrote, e.g. to
                        // answer with an error instead.
                        flushWriter();
                        body.reset();
                        yield null;
                    }
                    default -> defaultOf(m.getReturnType());
                });
    }

    private PrintWriter writer() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
        }
        return writer;
    }

    private void flushWriter() {
        if (writer != null) {
            writer.flush(); // a container flushes the writer when the servlet returns
        }
    }

    private static Object defaultOf(Class<?> type) {
        return type == boolean.class ? Boolean.FALSE : type == int.class ? (Object) 0 : type == long.class ? (Object) 0L
                : null;
    }

    /** The first value of response header {@code name}, or null. */
    public String responseHeader(String name) {
        List<String> values = responseHeaders.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String body() {
        flushWriter();
        return body.toString(StandardCharsets.UTF_8);
    }

    public JsonNode json() throws IOException {
        flushWriter();
        return JSON.readTree(body.toByteArray());
    }

    /**
     * The error id of the answer to a request that failed unexpectedly, after checking that it is what a client must
     * see then: a 500 in Ditto's error JSON that names the id and nothing of the inside (no exception, no stack
     * trace, no HTML). Fails with the answer otherwise.
     */
    public String internalErrorId() throws IOException {
        String text = body();
        JsonNode json = json();
        Matcher id = ERROR_ID.matcher(json.path("message").asText());
        if (status != 500 || !"application/json".equals(contentType) || json.path("status").asInt() != 500
                || !"dayuan:internal.error".equals(json.path("error").asText()) || !id.find()
                || text.contains("Exception") || text.contains("\tat ") || text.contains("<")) {
            throw new AssertionError("Not a bare 500 in JSON with an error id: " + status + " " + contentType + " "
                    + text);
        }
        return id.group(1);
    }
}
