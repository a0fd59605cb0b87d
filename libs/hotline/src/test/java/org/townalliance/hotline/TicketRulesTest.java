package org.townalliance.hotline;

import org.junit.jupiter.api.Test;
import org.townalliance.hotline.TicketRules.Action;
import org.townalliance.hotline.TicketRules.Status;
import org.townalliance.identity.TownRole;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle rules, every status × every action, without a database. */
class TicketRulesTest {

    @Test
    void theHappyPathRunsFromReceivedToClosed() {
        var status = Status.RECEIVED;
        for (var action : new Action[]{Action.DISPATCH, Action.ACCEPT, Action.START, Action.RESOLVE, Action.CLOSE}) {
            status = TicketRules.next(status, action).orElseThrow();
        }
        assertThat(status).isEqualTo(Status.CLOSED);
    }

    @Test
    void everyStatusActionPairIsDecided() {
        var legal = 0;
        for (var status : Status.values()) {
            for (var action : Action.values()) {
                if (TicketRules.next(status, action).isPresent()) {
                    legal++;
                }
            }
        }
        // 1 dispatch + 3 transfer + 1 accept + 1 reject + 1 start + 2 resolve + 1 close + 2 reopen + 2 cancel + 4 escalate
        assertThat(legal).isEqualTo(18);
        assertThat(TicketRules.next(Status.IN_PROGRESS, Action.ESCALATE)).contains(Status.IN_PROGRESS);
        assertThat(TicketRules.next(Status.RESOLVED, Action.ESCALATE)).isEmpty();
        assertThat(TicketRules.next(Status.CANCELLED, Action.REOPEN)).isEmpty();
        assertThat(TicketRules.next(Status.CLOSED, Action.RESOLVE)).isEmpty();
        assertThat(TicketRules.next(Status.DISPATCHED, Action.REJECT)).contains(Status.RECEIVED);
    }

    @Test
    void onlyTheAssignedOrganisationWorksTheTicketAndOnlyTheOperationsCentreSteersIt() {
        Set<TownRole> hotline = EnumSet.of(TownRole.HOTLINE);
        Set<TownRole> staff = EnumSet.of(TownRole.ORG_STAFF);
        assertThat(TicketRules.mayTake(Action.DISPATCH, hotline, false)).isTrue();
        assertThat(TicketRules.mayTake(Action.DISPATCH, staff, true)).isFalse();
        assertThat(TicketRules.mayTake(Action.ACCEPT, staff, true)).isTrue();
        assertThat(TicketRules.mayTake(Action.ACCEPT, staff, false)).isFalse();
        assertThat(TicketRules.mayTake(Action.RESOLVE, hotline, true)).isFalse();
        assertThat(TicketRules.mayTake(Action.CLOSE, EnumSet.of(TownRole.SECRETARIAT), false)).isTrue();
        assertThat(TicketRules.mayTake(Action.CANCEL, EnumSet.of(TownRole.CITY_HOTLINE), false)).isFalse();
    }
}
