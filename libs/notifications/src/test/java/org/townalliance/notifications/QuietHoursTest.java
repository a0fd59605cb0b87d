package org.townalliance.notifications;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class QuietHoursTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    @Test
    void aNightOverMidnightHoldsAnSmsUntilMorning() {
        var night = QuietHours.night(SHANGHAI);
        assertThat(night.sendAt(at("2026-12-01T23:30"))).isEqualTo(at("2026-12-02T07:00"));
        assertThat(night.sendAt(at("2026-12-02T03:00"))).isEqualTo(at("2026-12-02T07:00"));
        assertThat(night.sendAt(at("2026-12-01T22:00"))).isEqualTo(at("2026-12-02T07:00"));
        assertThat(night.sendAt(at("2026-12-02T07:00"))).isEqualTo(at("2026-12-02T07:00"));
        assertThat(night.sendAt(at("2026-12-01T21:59"))).isEqualTo(at("2026-12-01T21:59"));
        assertThat(night.sendAt(at("2026-12-01T12:00"))).isEqualTo(at("2026-12-01T12:00"));
    }

    @Test
    void aWindowWithinTheDayAndNoWindowAtAll() {
        var lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 30), SHANGHAI);
        assertThat(lunch.sendAt(at("2026-12-01T12:10"))).isEqualTo(at("2026-12-01T13:30"));
        assertThat(lunch.sendAt(at("2026-12-01T13:30"))).isEqualTo(at("2026-12-01T13:30"));
        assertThat(lunch.sendAt(at("2026-12-01T23:00"))).isEqualTo(at("2026-12-01T23:00"));
        var none = new QuietHours(null, null, SHANGHAI);
        assertThat(none.sendAt(at("2026-12-01T23:00"))).isEqualTo(at("2026-12-01T23:00"));
        var empty = new QuietHours(LocalTime.of(8, 0), LocalTime.of(8, 0), SHANGHAI);
        assertThat(empty.sendAt(at("2026-12-01T08:00"))).isEqualTo(at("2026-12-01T08:00"));
    }
}
