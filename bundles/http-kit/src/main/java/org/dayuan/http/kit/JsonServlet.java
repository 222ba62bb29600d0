package org.dayuan.http.kit;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dayuan.twin.ErrorCode;

/**
 * A servlet that answers only in JSON. A subclass overrides the {@code doGet}, {@code doPost}, {@code doPut},
 * {@code doPatch}, {@code doDelete} (and, rarely, {@code doHead} or {@code doOptions}) it supports and throws a
 * {@link org.dayuan.twin.DayuanException} for what the client got wrong. Whatever escapes a method, checked or not,
 * becomes Ditto's error JSON through {@link Http#writeError}, so neither a stack trace nor the container's HTML page
 * ever reaches the client. A method the servlet does not support is a 405 in JSON with an {@code Allow} header;
 * GET brings HEAD with it, as HTTP asks.
 */
public abstract class JsonServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The methods a servlet may support, in the order {@code Allow} lists them. */
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final transient Set<String> implemented = implemented(getClass());

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            String method = req.getMethod();
            Set<String> allowed = allowedMethods(req);
            if (!allowed.contains(method)) {
                String allow = METHODS.stream().filter(allowed::contains).collect(Collectors.joining(", "));
                resp.setHeader("Allow", allow);
                throw ErrorCode.METHOD_NOT_ALLOWED.exception("The method " + method + " is not allowed on '"
                        + req.getRequestURI() + "'; it allows " + allow + ".");
            }
            switch (method) {
                case "GET" -> doGet(req, resp);
                case "HEAD" -> doHead(req, resp);
                case "POST" -> doPost(req, resp);
                case "PUT" -> doPut(req, resp);
                case "PATCH" -> doPatch(req, resp);
                case "DELETE" -> doDelete(req, resp);
                case "OPTIONS" -> doOptions(req, resp);
                default -> throw new IllegalStateException(getClass().getName() + " allows " + method
                        + ", which a JsonServlet cannot dispatch");
            }
        } catch (Exception | Error e) {
            // Errors too: a NoClassDefFoundError after a bundle refresh must not reach the client as HTML either.
            writeError(req, resp, e);
        }
    }

    /**
     * The methods this request's resource supports, of GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS: by default
     * those whose {@code do} method the servlet overrides. A servlet whose paths support different methods narrows
     * them per request; it may also throw, e.g. a 404 for a path it does not serve.
     */
    protected Set<String> allowedMethods(HttpServletRequest req) {
        return implemented;
    }

    /** Writes what a method threw; a servlet overrides it to add a header to some errors, then calls it. */
    protected void writeError(HttpServletRequest req, HttpServletResponse resp, Throwable t) throws IOException {
        Http.writeError(req, resp, t);
    }

    /** PATCH, which {@link HttpServlet} does not know; only called when a subclass overrides it. */
    protected void doPatch(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        throw ErrorCode.METHOD_NOT_ALLOWED.exception("The method PATCH is not allowed on '" + req.getRequestURI()
                + "'.");
    }

    /** The methods whose {@code do} method a class overrides below this one, in {@link #METHODS} order. */
    static Set<String> implemented(Class<?> servlet) {
        Set<String> found = new LinkedHashSet<>();
        for (Class<?> c = servlet; c != JsonServlet.class && c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (Arrays.equals(m.getParameterTypes(), new Class<?>[] {HttpServletRequest.class,
                        HttpServletResponse.class}) && m.getName().startsWith("do")) {
                    String name = m.getName().substring(2).toUpperCase(Locale.ROOT);
                    if (METHODS.contains(name)) {
                        found.add(name);
                        if (name.equals("GET")) {
                            found.add("HEAD");
                        }
                    }
                }
            }
        }
        Set<String> ordered = new LinkedHashSet<>(METHODS);
        ordered.retainAll(found);
        return Collections.unmodifiableSet(ordered);
    }
}
