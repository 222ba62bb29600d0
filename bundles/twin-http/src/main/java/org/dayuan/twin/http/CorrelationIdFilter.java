package org.dayuan.twin.http;

import java.io.IOException;
import java.util.UUID;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Ditto's {@code correlation-id}: every answer of the API carries the one the request sent, or a new one when it
 * sent none, so a client can match answers (and an operator log lines) to requests. Set before the request is
 * handled, so errors and streams carry it too.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("dayuan-correlation-id")
@HttpWhiteboardFilterAsyncSupported
@HttpWhiteboardFilterPattern("/api/*")
public final class CorrelationIdFilter implements Filter {
    static final String HEADER = "correlation-id";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = ((HttpServletRequest) request).getHeader(HEADER);
        ((HttpServletResponse) response).setHeader(HEADER, id == null || id.isBlank()
                ? UUID.randomUUID().toString() : id);
        chain.doFilter(request, response);
    }
}
