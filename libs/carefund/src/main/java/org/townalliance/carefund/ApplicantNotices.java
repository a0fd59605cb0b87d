package org.townalliance.carefund;

import org.springframework.stereotype.Component;
import org.townalliance.notifications.Audience;
import org.townalliance.notifications.Notice;
import org.townalliance.notifications.NoticeKind;
import org.townalliance.notifications.Notices;
import org.townalliance.tenancy.TownContext;

import java.util.List;
import java.util.Map;

/** Tells the applicant of their application's decision and of its payout, in the transaction that records it. */
@Component
class ApplicantNotices {

    private final Notices notices;

    ApplicantNotices(Notices notices) {
        this.notices = notices;
    }

    Applications.Told of(TownContext town) {
        return (trx, application, status) -> {
            var kind = "PAID".equals(status) ? NoticeKind.CARE_FUND_PAID : NoticeKind.CARE_FUND_DECIDED;
            var approved = "APPROVED".equals(status);
            var params = Map.of("amount", application.getAmount().toPlainString(),
                    "decision", approved ? "已获批准" : "未获批准", "decisionEn", approved ? "approved" : "not approved",
                    "note", application.getDecisionNote() == null ? "" : application.getDecisionNote(),
                    "path", "/console/towns/" + town.slug() + "/care-fund");
            return notices.queue(trx, Notice.of(town.slug(), kind, "care-fund:" + application.getId() + ":" + status,
                    List.of(new Audience.Person(application.getApplicantPersonId())), params));
        };
    }

}
