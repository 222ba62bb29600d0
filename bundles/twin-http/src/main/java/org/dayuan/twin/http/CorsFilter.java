package org.dayuan.twin.http;

import java.io.IOException;
import java.util.Set;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * CORS for browser viewers served from another origin: answers preflights and exposes {@code ETag} and
 * {@code Location} so scripts can read them. Origins come from {@code org.dayuan.http}: an origin listed there is
 * echoed with {@code Access-Control-Allow-Credentials}, so its scripts may call with the visitor's credentials;
 * {@code *} lets any other origin read without them (the answer is {@code Access-Control-Allow-Origin: *}, and
 * browsers then send no cookies or cached logins); any other origin gets no CORS headers at all.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("dayuan-cors")
@HttpWhiteboardFilterAsyncSupported
@HttpWhiteboardFilterPattern("/*")
public final class CorsFilter implements Filter {
    static final String METHODS = "GET, PUT, POST, PATCH, DELETE, OPTIONS";
    static final String EXPOSED = "ETag, Location, Content-Type, Content-Length, correlation-id";

    private final HttpSettings settings;

    @Activate
    public CorsFilter(@Reference HttpSettings settings) {
        this.settings = settings;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        String origin = req.getHeader("Origin");
        Set<String> allowed = settings.corsOrigins();
        if (origin == null || allowed.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        // Caches must not hand one origin's answer to another.
        resp.addHeader("Vary", "Origin");
        if (allowed.contains(origin) && !origin.equals("*")) {
            resp.setHeader("Access-Control-Allow-Origin", origin);
            resp.setHeader("Access-Control-Allow-Credentials", "true");
        } else if (allowed.contains("*")) {
            resp.setHeader("Access-Control-Allow-Origin", "*");
        } else {
            chain.doFilter(request, response);
            return;
        }
        resp.setHeader("Access-Control-Expose-Headers", EXPOSED);
        if ("OPTIONS".equals(req.getMethod()) && req.getHeader("Access-Control-Request-Method") != null) {
            resp.setHeader("Access-Control-Allow-Methods", METHODS);
            String asked = req.getHeader("Access-Control-Request-Headers");
            resp.setHeader("Access-Control-Allow-Headers", asked == null ? "Content-Type, If-Match, If-None-Match,"
                    + " Authorization, response-required, requested-acks, condition, if-equal, timeout,"
                    + " correlation-id" : asked);
            resp.setHeader("Access-Control-Max-Age", String.valueOf(settings.corsMaxAgeSeconds()));
            resp.setStatus(204);
            return;
        }
        chain.doFilter(request, response);
    }
}
