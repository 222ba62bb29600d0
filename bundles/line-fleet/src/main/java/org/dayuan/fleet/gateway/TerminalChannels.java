package org.dayuan.fleet.gateway;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.dayuan.jtt808.FrameSplitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Netty handlers camel-netty puts in front of the gateway's route: limit, idle timeout, splitter. */
final class TerminalChannels {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalChannels.class);

    private TerminalChannels() {
    }

    /** One {@link FrameSplitter} per connection: the stream is cut at each 0x7E, the pieces judged by the gateway. */
    static final class Decoders extends DefaultChannelHandlerFactory {
        private final int maxFrame;

        Decoders(int maxFrame) {
            this.maxFrame = maxFrame;
        }

        @Override
        public ChannelHandler newChannelHandler() {
            return new ByteToMessageDecoder() {
                private final FrameSplitter splitter = new FrameSplitter(maxFrame);

                @Override
                protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
                    byte[] bytes = new byte[in.readableBytes()];
                    in.readBytes(bytes);
                    out.addAll(splitter.feed(bytes));
                }
            };
        }
    }

    /** Closes a connection that sent nothing for the timeout; the close marks its vehicle offline. */
    static final class Idle extends DefaultChannelHandlerFactory {
        private final int seconds;

        Idle(int seconds) {
            this.seconds = seconds;
        }

        @Override
        public ChannelHandler newChannelHandler() {
            return new IdleStateHandler(seconds, 0, 0, TimeUnit.SECONDS) {
                @Override
                protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
                    LOG.info("fleet gateway: {} sent nothing for {} s, closing", peer(ctx.channel().remoteAddress()),
                            seconds);
                    ctx.close();
                }
            };
        }
    }

    /** Closes connections beyond the limit and tells the gateway when a connection ends. */
    @ChannelHandler.Sharable
    static final class Limit extends ChannelInboundHandlerAdapter {
        private final AtomicInteger open = new AtomicInteger();
        private final int max;
        private final Consumer<String> closed;

        Limit(int max, Consumer<String> closed) {
            this.max = max;
            this.closed = closed;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (open.incrementAndGet() > max) {
                LOG.warn("fleet gateway: {} connections open, closing the one from {}", max,
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

    static String peer(Object remote) {
        String s = String.valueOf(remote);
        return s.startsWith("/") ? s.substring(1) : s;
    }
}
