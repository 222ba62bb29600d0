package org.dayuan.energy.osgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.ServletException;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.twin.Caller;

/**
 * Just enough of a servlet request and response, as dynamic proxies, to drive {@link EnergyServlet} without a
 * container (after twin-http's test fake). Methods the servlet does not use answer false, 0 or null.
 */
final class FakeHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    final Map<String, String> parameters = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final String pathInfo;
    /** Who the authentication filter would have let in; null for a request it did not authenticate. */
    Caller caller;
    int status = 200;
    private PrintWriter writer;

    FakeHttp(String pathInfo, Caller caller) {
        this.pathInfo = pathInfo;
        this.caller = caller;
    }

    FakeHttp parameter(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    /** Lets {@code servlet} handle this GET; returns this, now holding the answer. */
    FakeHttp send(HttpServlet servlet) throws ServletException, IOException {
        servlet.service(request(), response());
        return this;
    }

    private HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> "GET";
                    case "getAttribute" -> Caller.REQUEST_ATTRIBUTE.equals(args[0]) ? caller : null;
                    case "getPathInfo" -> pathInfo;
                    case "getParameter" -> parameters.get((String) args[0]);
                    default -> defaultOf(m.getReturnType());
                });
    }

    private HttpServletResponse response() {
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
                    case "getOutputStream" -> out;
                    case "getWriter" -> {
                        writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
                        yield writer;
                    }
                    default -> defaultOf(m.getReturnType());
                });
    }

    private static Object defaultOf(Class<?> type) {
        return type == boolean.class ? Boolean.FALSE : type == int.class ? (Object) 0 : type == long.class ? (Object) 0L
                : null;
    }

    String body() {
        if (writer != null) {
            writer.flush(); // a container flushes the writer when the servlet returns
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    JsonNode json() throws IOException {
        return JSON.readTree(body());
    }
}
