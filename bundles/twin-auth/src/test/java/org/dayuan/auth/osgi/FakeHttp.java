package org.dayuan.auth.osgi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dayuan.auth.internal.AuthConstants;

/** Just enough of a servlet container's request and response for the filter and servlet tests. */
final class FakeHttp {
    private FakeHttp() {
    }

    static final class Request {
        String method = "GET";
        String servletPath;
        String pathInfo;
        String contentType;
        byte[] body = new byte[0];
        final Map<String, String> headers = new HashMap<>();
        final Map<String, String> parameters = new HashMap<>();
        final Map<String, Object> attributes = new HashMap<>();

        Request(String method, String path) {
            this.method = method;
            if (path.startsWith(AuthConstants.AUTH_PATH + "/")) {
                servletPath = AuthConstants.AUTH_PATH;
                pathInfo = path.substring(AuthConstants.AUTH_PATH.length());
            } else {
                servletPath = path;
            }
        }

        Request header(String name, String value) {
            headers.put(name.toLowerCase(), value);
            return this;
        }

        Request json(String json) {
            contentType = "application/json";
            body = json.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        HttpServletRequest proxy() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
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
                    new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getServletPath" -> servletPath;
                        case "getPathInfo" -> pathInfo;
                        case "getRequestURI" -> servletPath + (pathInfo == null ? "" : pathInfo);
                        case "getRemoteAddr" -> "10.0.0.7";
                        case "getHeader" -> headers.get(((String) args[0]).toLowerCase());
                        case "getParameter" -> parameters.get((String) args[0]);
                        case "getContentType" -> contentType;
                        case "getContentLengthLong" -> (long) body.length;
                        case "getContentLength" -> body.length;
                        case "getInputStream" -> stream;
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        case "getRemoteUser", "getUserPrincipal", "getAuthType" -> null;
                        case "toString" -> method + " " + servletPath;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    static final class Response {
        int status = 200;
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse proxy() {
            ServletOutputStream stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                            case "addHeader" -> headers.computeIfAbsent((String) args[0], k -> new ArrayList<>())
                                    .add((String) args[1]);
                            case "getOutputStream" -> {
                                return stream;
                            }
                            case "isCommitted" -> {
                                return false;
                            }
                            case "setContentType", "setCharacterEncoding", "setContentLength", "resetBuffer" -> {
                                // not needed by the assertions
                            }
                            default -> throw new UnsupportedOperationException(m.getName());
                        }
                        return null;
                    });
        }
    }
}
