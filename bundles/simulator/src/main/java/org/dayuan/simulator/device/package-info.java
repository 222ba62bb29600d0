/**
 * The device side of the protocols the simulator plays, for load tools and benches as well:
 * {@link org.dayuan.simulator.device.PanelConnection}, a GB/T 26875.3 user-information transmission device's
 * connection to the monitoring centre (send a frame, read and check its confirm or deny), on the gbt26875 codec;
 * {@link org.dayuan.simulator.device.TerminalConnection}, a JT/T 808 vehicle terminal's connection to the platform
 * (send a message, read and check its 0x8100 or 0x8001), on the jtt808 codec.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.dayuan.simulator.device;
