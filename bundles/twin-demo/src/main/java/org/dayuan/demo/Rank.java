package org.dayuan.demo;

/**
 * County-level ranks and their office-room entitlement in m² of usable area, from 党政机关办公用房建设标准
 * (发改投资〔2014〕2674号). The labels are the Room model's {@code occupants[].rank} values.
 */
enum Rank {
    COUNTY_HEAD("县级正职", 30),
    COUNTY_DEPUTY("县级副职", 24),
    SECTION_CHIEF("正科", 18),
    DEPUTY_SECTION_CHIEF("副科", 12),
    STAFF("科员及以下", 9);

    /** The demo county's organisations are all county level. */
    static final String LEVEL = "county";

    final String label;
    final double entitlement;

    Rank(String label, double entitlement) {
        this.label = label;
        this.entitlement = entitlement;
    }
}
