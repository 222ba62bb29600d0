/**
 * The line kit's TCP server for devices speaking a framed binary protocol: a line gives it a frame splitter and a
 * handler that answers each piece, and gets camel-netty's server with a connection limit, an idle timeout and its
 * health. Fire panels (GB/T 26875.3) and vehicle terminals (JT/T 808) are served by it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.dayuan.device.tcp;
