package org.dayuan.twin.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.servlet.ServletException;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.twin.Caller;

/**
 * Just enough of a servlet request and response to drive a Dayuan servlet without a container, built as dynamic
 * proxies: what the servlets read is set on this object, what they answer is recorded on it. Methods no servlet
 * uses answer false, 0 or null.
 */
final class FakeHttp {
    final Map<String, List<String>> parameters = new LinkedHashMap<>();
    final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final Map<String, String> responseHeaders = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    String method = "GET";
    String uri;
    String pathInfo;
    String requestContentType;
    /** Thrown by parameter reads, as a container does when it cannot decode the query. */
    RuntimeException parameterFailure;
    int status = 200;
    String contentType;
    /** Who the authentication filter would have let in; null for a request it did not authenticate. */
    Caller caller = Caller.SYSTEM;

    FakeHttp(String uri) {
        this.uri = uri;
    }

    FakeHttp(String method, String uri) {
        this(uri);
        this.method = method;
    }

    /** Sets parameter {@code name} to {@code value} alone. */
    FakeHttp parameter(String name, String value) {
        parameters.put(name, new ArrayList<>(List.of(value)));
        return this;
    }

    /** Adds one more value to parameter {@code name}, as a repeated query parameter does. */
    FakeHttp addParameter(String name, String value) {
        parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    FakeHttp header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Lets {@code servlet} handle this request; returns this, now holding the answer. */
    FakeHttp send(HttpServlet servlet) throws ServletException, IOException {
        servlet.service(request(), response());
        return this;
    }

    HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getAttribute" -> Caller.REQUEST_ATTRIBUTE.equals(args[0]) ? caller : null;
                    case "getRequestURI" -> uri;
                    case "getPathInfo" -> pathInfo;
                    case "getContentType" -> requestContentType;
                    case "getParameter" -> {
                        List<String> v = values((String) args[0]);
                        yield v == null ? null : v.get(0);
                    }
                    case "getParameterValues" -> {
                        List<String> v = values((String) args[0]);
                        yield v == null ? null : v.toArray(String[]::new);
                    }
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getRemoteAddr" -> "127.0.0.1";
                    default -> defaultOf(m.getReturnType());
                });
    }

    private List<String> values(String name) {
        if (parameterFailure != null) {
            throw parameterFailure;
        }
        return parameters.get(name);
    }

    HttpServletResponse response() {
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
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "setContentType" -> {
                        contentType = (String) args[0];
                        yield null;
                    }
                    case "setHeader", "addHeader" -> {
                        responseHeaders.put((String) args[0], (String) args[1]);
                        yield null;
                    }
                    case "getOutputStream" -> out;
                    default -> defaultOf(m.getReturnType());
                });
    }

    private static Object defaultOf(Class<?> type) {
        return type == boolean.class ? Boolean.FALSE : type == int.class ? (Object) 0 : type == long.class ? (Object) 0L
                : null;
    }

    String body() {
        return body.toString(StandardCharsets.UTF_8);
    }

    JsonNode json() throws IOException {
        return Http.MAPPER.readTree(body.toByteArray());
    }
}
