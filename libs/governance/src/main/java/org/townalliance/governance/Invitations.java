package org.townalliance.governance;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.property.Method;
import biweekly.property.Status;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;

/**
 * A meeting's invitation: an iCalendar file (RFC 5545, written by biweekly) that calendar programs
 * import, and the e-mail text the secretariat sends with it, in Chinese. The file's UID is the meeting's
 * id, so importing a later version (or the cancellation) updates the same calendar entry.
 */
final class Invitations {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日（EEEE）", Locale.SIMPLIFIED_CHINESE);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final String PRODUCT = "-//Town Alliance Platform//Governance//ZH";

    private Invitations() {
    }

    static String calendar(Meetings.Meeting meeting, String organiser) {
        var ical = new ICalendar();
        ical.setProductId(PRODUCT);
        var cancelled = "CANCELLED".equals(meeting.status());
        ical.setMethod(cancelled ? Method.cancel() : Method.request());
        var event = new VEvent();
        event.setUid(meeting.id() + "@town-alliance");
        event.setSummary(meeting.title());
        event.setDateStart(Date.from(meeting.startsAt().toInstant()));
        event.setDateEnd(Date.from(meeting.endsAt().toInstant()));
        if (meeting.location() != null) {
            event.setLocation(meeting.location());
        }
        // No ORGANIZER: it must be an e-mail address, and the secretariat sends from its own mailbox.
        event.setDescription(organiser + "秘书处\n" + agenda(meeting));
        event.setStatus(cancelled ? Status.cancelled() : Status.confirmed());
        // A cancellation must outrank the invitation that calendars already hold.
        event.setSequence(cancelled ? 1 : 0);
        ical.addEvent(event);
        return Biweekly.write(ical).go();
    }

    static String email(Meetings.Meeting meeting, String allianceName, ZoneId zone) {
        var starts = meeting.startsAt().atZoneSameInstant(zone);
        var ends = meeting.endsAt().atZoneSameInstant(zone);
        var text = new StringBuilder();
        text.append("主题：").append("CANCELLED".equals(meeting.status()) ? "【取消】" : "【会议通知】").append(meeting.title()).append("\n\n");
        text.append("各成员单位：\n\n");
        if ("CANCELLED".equals(meeting.status())) {
            text.append("原定于").append(DAY.format(starts)).append(TIME.format(starts)).append("召开的“").append(meeting.title())
                    .append("”取消，另行通知。\n\n");
        } else {
            text.append("兹定于").append(DAY.format(starts)).append(TIME.format(starts)).append("–").append(TIME.format(ends));
            if (meeting.location() != null) {
                text.append("在").append(meeting.location());
            }
            text.append("召开“").append(meeting.title()).append("”。\n\n");
            if (!meeting.agenda().isEmpty()) {
                text.append("会议议程：\n").append(agenda(meeting)).append("\n\n");
            }
            text.append("请各成员单位负责人准时出席并签到；负责人不能出席的，请书面委托本单位代表参加，并于会前告知秘书处。\n");
            text.append("附件为日历邀请（.ics），可导入手机或电脑日历。\n\n");
        }
        text.append(allianceName).append("秘书处\n");
        return text.toString();
    }

    private static String agenda(Meetings.Meeting meeting) {
        var lines = new StringBuilder();
        for (int i = 0; i < meeting.agenda().size(); i++) {
            lines.append(i + 1).append(". ").append(meeting.agenda().get(i)).append(i + 1 < meeting.agenda().size() ? "\n" : "");
        }
        return lines.toString();
    }
}
