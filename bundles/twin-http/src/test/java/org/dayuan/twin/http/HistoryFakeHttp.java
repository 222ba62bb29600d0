package org.dayuan.twin.http;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Just enough of a servlet request and response to drive a Dayuan servlet without a container: the parts the
 * servlets use, built as dynamic proxies; anything else fails the test loudly.
 */
final class HistoryFakeHttp {
    final Map<String, String> parameters = new HashMap<>();
    final Map<String, String> headers = new HashMap<>();
    final Map<String, String> responseHeaders = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    String method = "GET";
    String uri;
    int status;
    String contentType;

    HistoryFakeHttp(String uri) {
        this.uri = uri;
    }

    HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> uri;
                    case "getParameter" -> parameters.get((String) args[0]);
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getRemoteUser" -> null;
                    case "getRemoteAddr" -> "127.0.0.1";
                    default -> throw new UnsupportedOperationException("request." + m.getName());
                });
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
                    case "setHeader" -> {
                        responseHeaders.put((String) args[0], (String) args[1]);
                        yield null;
                    }
                    case "setCharacterEncoding", "setContentLength", "resetBuffer" -> null;
                    case "isCommitted" -> false;
                    case "getOutputStream" -> out;
                    default -> throw new UnsupportedOperationException("response." + m.getName());
                });
    }

    String body() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
