package org.townalliance.notifications;

import java.util.EnumSet;
import java.util.Set;

/**
 * What people are told of, each with the channels a person gets it on until they choose otherwise, and (for SMS) the
 * provider template it is sent with. Residents have no account: their kinds go by SMS to the phone on the request.
 */
public enum NoticeKind {
    TICKET_DISPATCHED(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    TICKET_ASSIGNED(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    TICKET_DEADLINE_WARNING(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    TICKET_ESCALATED(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL, Channel.SMS)),
    TICKET_REJECTED(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    CITY_DELIVERY_DEAD(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    RESIDENT_RECEIVED(Audiences.RESIDENT, EnumSet.of(Channel.SMS)),
    RESIDENT_DISPATCHED(Audiences.RESIDENT, EnumSet.of(Channel.SMS)),
    RESIDENT_RESOLVED(Audiences.RESIDENT, EnumSet.of(Channel.SMS)),
    MEETING_SCHEDULED(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    MEETING_CHANGED(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    MEETING_CANCELLED(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    ELECTION_NOMINATED(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    ELECTION_SECONDED(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    ELECTION_BALLOT_OPEN(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    ANNOUNCEMENT_POSTED(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    CARE_FUND_DECIDED(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    CARE_FUND_PAID(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    TRAINING_ENROLLED(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    TRAINING_SESSION_TOMORROW(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    CERTIFICATE_ISSUED(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL)),
    TERM_ENDING(Audiences.STAFF, EnumSet.of(Channel.IN_APP, Channel.EMAIL));

    /** Who a kind is for: people with an account (in-app, e-mail, SMS, robots) or residents (SMS only). */
    enum Audiences { STAFF, RESIDENT }

    private final Audiences audience;
    private final Set<Channel> defaults;

    NoticeKind(Audiences audience, Set<Channel> defaults) {
        this.audience = audience;
        this.defaults = Set.copyOf(defaults);
    }

    /** The channels a person gets this kind on until they say otherwise. */
    public Set<Channel> defaultChannels() {
        return defaults;
    }

    public boolean forResidents() {
        return audience == Audiences.RESIDENT;
    }

    /**
     * Sent at once whatever the hour: the resident has just called or filed and waits for the confirmation; every
     * other SMS waits for the end of the recipient's quiet hours unless the notice is urgent.
     */
    boolean answersTheRecipient() {
        return this == RESIDENT_RECEIVED;
    }

    /** The SMS provider's template this kind is sent with (see {@code SmsGateway.Templates}). */
    String smsTemplate() {
        return switch (this) {
            case RESIDENT_RECEIVED -> org.townalliance.sms.SmsGateway.Templates.REPORT_FILED;
            case RESIDENT_DISPATCHED -> org.townalliance.sms.SmsGateway.Templates.REPORT_DISPATCHED;
            case RESIDENT_RESOLVED -> org.townalliance.sms.SmsGateway.Templates.REPORT_RESOLVED;
            default -> org.townalliance.sms.SmsGateway.Templates.NOTICE;
        };
    }
}
