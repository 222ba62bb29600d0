/**
 * The frames of JT/T 808-2013 and JT/T 808-2019 (道路运输车辆卫星定位系统 终端通讯协议及数据格式): framing with
 * {@code 0x7E}, escaping, the XOR check code, both header versions, sub-packets, and the bodies of the messages the
 * fleet line speaks. Plain Java without services, so the gateway, the simulator and the tests share one reading of
 * the standard.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.dayuan.jtt808;
