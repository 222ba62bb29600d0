package org.dayuan.demo;

/**
 * The demo county's organisations on the campus. {@code orgCodeBody} is the first eight characters of the
 * organisation code (GB 11714) inside the unified social credit code; {@code extraEnergyUsers} counts the people
 * outside the establishment who still use the building's energy (contract, property and canteen staff);
 * {@code vehicleQuota} is the approved number of official cars (公务用车编制). The 区政府办 runs two emergency cars on a
 * quota of one, so the fleet indicators have an organisation over its quota to show.
 */
enum Org {
    QWB("qwb", "中共常州市武进区委办公室", "区委办", "01404102", 12, 1),
    ZFB("zfb", "常州市武进区人民政府办公室", "区政府办", "01404103", 12, 1),
    FGJ("fgj", "常州市武进区发展和改革局", "区发改局", "01404115", 6, 0),
    CZJ("czj", "常州市武进区财政局", "区财政局", "01404121", 8, 0),
    JGSWJ("jgswj", "常州市武进区机关事务管理局", "区机关事务管理局", "01404136", 60, 8),
    ZJJ("zjj", "常州市武进区住房和城乡建设局", "区住建局", "01404142", 10, 1),
    STHJJ("sthjj", "常州市武进生态环境局", "区生态环境局", "01404157", 8, 2),
    TJJ("tjj", "常州市武进区统计局", "区统计局", "01404163", 3, 0);

    final String key;
    final String fullName;
    final String shortName;
    final String orgCodeBody;
    final int extraEnergyUsers;
    final int vehicleQuota;

    Org(String key, String fullName, String shortName, String orgCodeBody, int extraEnergyUsers, int vehicleQuota) {
        this.key = key;
        this.fullName = fullName;
        this.shortName = shortName;
        this.orgCodeBody = orgCodeBody;
        this.extraEnergyUsers = extraEnergyUsers;
        this.vehicleQuota = vehicleQuota;
    }

    String id() {
        return Ids.organisation(key);
    }
}
