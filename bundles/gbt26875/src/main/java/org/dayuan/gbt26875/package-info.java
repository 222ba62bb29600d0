/**
 * The frames of GB/T 26875.3-2011 (城市消防远程监控系统 第3部分：报警传输网络通信协议): {@link org.dayuan.gbt26875.Frame}
 * and its information objects, {@link org.dayuan.gbt26875.Gbt26875#encode} and a decoder that refuses every malformed
 * frame with a {@link org.dayuan.gbt26875.FrameException} naming its {@link org.dayuan.gbt26875.Reason}, and
 * {@link org.dayuan.gbt26875.FrameSplitter}, which cuts a byte stream into frames and resynchronises on {@code @@}.
 * Plain Java without services, so a gateway and a simulator share one reading of the standard.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.dayuan.gbt26875;
