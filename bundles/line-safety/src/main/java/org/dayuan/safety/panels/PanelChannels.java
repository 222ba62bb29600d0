package org.dayuan.safety.panels;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.dayuan.gbt26875.FrameSplitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Netty handlers camel-netty puts in front of the gateway's route. */
final class PanelChannels {
    private static final Logger LOG = LoggerFactory.getLogger(PanelChannels.class);

    private PanelChannels() {
    }

    /** One {@link FrameSplitter} per connection: the stream is cut into pieces there, judged by the gateway. */
    static final class Decoders extends DefaultChannelHandlerFactory {
        @Override
        public ChannelHandler newChannelHandler() {
            return new ByteToMessageDecoder() {
                private final FrameSplitter splitter = new FrameSplitter();

                @Override
                protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
                    byte[] bytes = new byte[in.readableBytes()];
                    in.readBytes(bytes);
                    out.addAll(splitter.feed(bytes));
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
                LOG.warn("panel gateway: {} connections open, closing the one from {}", max,
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

        int open() {
            return open.get();
        }
    }

    static String peer(Object remote) {
        String s = String.valueOf(remote);
        return s.startsWith("/") ? s.substring(1) : s;
    }
}
