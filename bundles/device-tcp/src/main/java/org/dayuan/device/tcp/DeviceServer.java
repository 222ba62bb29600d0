package org.dayuan.device.tcp;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.bytes.ByteArrayEncoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.apache.camel.component.netty.NettyComponent;
import org.apache.camel.component.netty.NettyConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camel-netty TCP server in a line's own Camel context, whose one route hands every piece of every connection to
 * the line and writes its answer back. In front of the route: a connection limit (a connection beyond it is closed
 * at once), an optional idle timeout (a connection silent that long is closed), and one splitter per connection,
 * since a device's frames arrive cut and glued at any byte. Every closed connection is reported to the line, which
 * usually marks the device offline.
 *
 * <p>The route is synchronous: the device's next frame waits for the answer to this one, as GB/T 26875.3 and JT/T 808
 * expect, and a reply of {@code null} sends nothing.
 *
 * @param <P> what the splitter cuts the byte stream into
 */
public final class DeviceServer<P> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceServer.class);

    /** Cuts one connection's byte stream into pieces; one instance per connection, fed in arrival order. */
    @FunctionalInterface
    public interface Splitter<P> {
        List<P> feed(byte[] bytes);
    }

    /** Judges one piece from {@code peer} and returns the bytes to answer with, or {@code null} for none. */
    @FunctionalInterface
    public interface Handler<P> {
        byte[] receive(String peer, P piece);
    }

    /**
     * Where and how to listen.
     *
     * @param name        the route's id and the health indicator's name, e.g. {@code fleet-gateway}; also in log lines
     * @param idleSeconds close a connection that sent nothing this long; 0 for never
     * @param threads     Netty's worker pool for this server; 0 for camel-netty's default
     */
    public record Settings(String name, String host, int port, int maxConnections, int idleSeconds, int threads) {
    }

    private final Settings settings;
    private final CamelContext camel;
    private final Limit limit;
    private volatile String problem;

    /**
     * Starts listening in {@code camel}, which this server then owns and stops on {@link #close()}. A port that cannot
     * be bound is no exception: it is the {@link #problem()}, and the server is never {@link #ready()}.
     */
    public DeviceServer(CamelContext camel, Settings settings, Class<P> pieces, Supplier<Splitter<P>> splitters,
                        Handler<P> handler, Consumer<String> disconnected) {
        this.settings = settings;
        this.camel = camel;
        this.limit = new Limit(settings.name(), settings.maxConnections(), disconnected);
        String name = settings.name();
        camel.getRegistry().bind(name + "-limit", limit);
        camel.getRegistry().bind(name + "-splitter", new Splitters<>(splitters));
        camel.getRegistry().bind(name + "-encoder", new ByteArrayEncoder());
        String decoders = "#" + name + "-limit,#" + name + "-splitter";
        if (settings.idleSeconds() > 0) {
            camel.getRegistry().bind(name + "-idle", new Idle(name, settings.idleSeconds()));
            decoders = "#" + name + "-limit,#" + name + "-idle,#" + name + "-splitter";
        }
        if (settings.threads() > 0) {
            // the pool's size is the component's, not an endpoint's: this context's own netty component
            NettyComponent netty = new NettyComponent();
            netty.setMaximumPoolSize(settings.threads());
            camel.addComponent("netty", netty);
        }
        String uri = "netty:tcp://" + settings.host() + ":" + settings.port() + "?sync=true&disconnectOnNoReply=false"
                + "&noReplyLogLevel=OFF&allowDefaultCodec=false&reuseAddress=true"
                + "&decoders=" + decoders + "&encoders=#" + name + "-encoder";
        try {
            camel.start();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).routeId(name).process(e -> {
                        String peer = peer(e.getMessage().getHeader(NettyConstants.NETTY_REMOTE_ADDRESS));
                        e.getMessage().setBody(handler.receive(peer, e.getMessage().getBody(pieces)));
                    });
                }
            });
        } catch (Exception e) {
            problem = name + " cannot listen on " + settings.host() + ":" + settings.port() + ": " + e;
            LOG.error(problem, e);
        }
    }

    /** Whether the server listens. */
    public boolean ready() {
        return camel.getRouteController().getRouteStatus(settings.name()) == ServiceStatus.Started;
    }

    /** Why the server does not listen, if it could not start. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Connections open now. */
    public int connections() {
        return limit.open.get();
    }

    @Override
    public void close() {
        camel.stop();
    }

    /** A remote address as devices are named in logs and status: {@code host:port}, without Netty's leading slash. */
    public static String peer(Object remote) {
        String s = String.valueOf(remote);
        return s.startsWith("/") ? s.substring(1) : s;
    }

    private static final class Splitters<P> extends DefaultChannelHandlerFactory {
        private final Supplier<Splitter<P>> splitters;

        Splitters(Supplier<Splitter<P>> splitters) {
            this.splitters = splitters;
        }

        @Override
        public ChannelHandler newChannelHandler() {
            Splitter<P> splitter = splitters.get();
            return new ByteToMessageDecoder() {
                @Override
                protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
                    byte[] bytes = new byte[in.readableBytes()];
                    in.readBytes(bytes);
                    out.addAll(splitter.feed(bytes));
                }
            };
        }
    }

    private static final class Idle extends DefaultChannelHandlerFactory {
        private final String name;
        private final int seconds;

        Idle(String name, int seconds) {
            this.name = name;
            this.seconds = seconds;
        }

        @Override
        public ChannelHandler newChannelHandler() {
            return new IdleStateHandler(seconds, 0, 0, TimeUnit.SECONDS) {
                @Override
                protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
                    LOG.info("{}: {} sent nothing for {} s, closing", name, peer(ctx.channel().remoteAddress()),
                            seconds);
                    ctx.close();
                }
            };
        }
    }

    /** Shared by every connection of the server, so it counts them all. */
    @ChannelHandler.Sharable
    private static final class Limit extends ChannelInboundHandlerAdapter {
        private final AtomicInteger open = new AtomicInteger();
        private final String name;
        private final int max;
        private final Consumer<String> closed;

        Limit(String name, int max, Consumer<String> closed) {
            this.name = name;
            this.max = max;
            this.closed = closed;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (open.incrementAndGet() > max) {
                LOG.warn("{}: {} connections open, closing the one from {}", name, max,
                        ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            open.decrementAndGet();
            closed.accept(peer(ctx.channel().remoteAddress()));
            super.channelInactive(ctx);
        }
    }
}
