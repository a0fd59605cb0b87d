package org.townalliance.evaluation;

/**
 * The indicators a scheme can weigh. What each measures, its sample and its direction are fixed here (and
 * documented in docs/evaluation.md and on the console); weights, normalisation and minimum samples are
 * the town's, per scheme version.
 */
enum Indicator {
    ON_TIME_RATE("按时办结率", "On-time resolution", true, "%", "到期或已办结的工单", "tickets due or resolved",
            "工单在办结时限内办结的比例。"),
    SATISFACTION("居民满意率", "Resident satisfaction", true, "%", "已评价的工单", "rated tickets",
            "居民评价为满意的工单占已评价工单的比例（每张工单取最近一次评价）。"),
    COMPLAINTS_PER_1000("千户投诉数", "Complaints per 1,000 households", false, "件/千户", "所管户数（按管理天数平均）",
            "households managed (day-weighted)", "投诉类工单数除以所管小区户数（按期间内实际管理天数加权平均）再乘以 1000。"),
    REOPEN_RATE("返工率", "Reopen rate", false, "%", "办结过的工单", "tickets resolved at least once",
            "办结后被重新打开的工单占办结过的工单的比例。"),
    GOVERNANCE_HOURS("社区治理参与时长", "Community governance hours", true, "小时", "—", "—",
            "本单位人员参加垃圾分类、安全、群租、违建等社区治理活动的小时数之和。"),
    MEETING_ATTENDANCE("成员大会出席率", "General meeting attendance", true, "%", "受邀的已召开成员大会", "invitations to held general meetings",
            "已召开的成员大会中本单位签到的比例。"),
    INSPECTION("检查评分", "Inspection score", true, "分", "检查次数", "inspections",
            "秘书处检查评分（0–100）的平均值，附检查证据。");

    final String nameZh;
    final String nameEn;
    final boolean higherIsBetter;
    final String unit;
    final String sampleZh;
    final String sampleEn;
    final String definitionZh;

    Indicator(String nameZh, String nameEn, boolean higherIsBetter, String unit, String sampleZh, String sampleEn, String definitionZh) {
        this.nameZh = nameZh;
        this.nameEn = nameEn;
        this.higherIsBetter = higherIsBetter;
        this.unit = unit;
        this.sampleZh = sampleZh;
        this.sampleEn = sampleEn;
        this.definitionZh = definitionZh;
    }

    /** Shown as the catalogue: what the console and the API document. */
    record Description(String code, String nameZh, String nameEn, boolean higherIsBetter, String unit, String sampleZh, String sampleEn,
                       String definitionZh) {
    }

    Description describe() {
        return new Description(name(), nameZh, nameEn, higherIsBetter, unit, sampleZh, sampleEn, definitionZh);
    }
}
