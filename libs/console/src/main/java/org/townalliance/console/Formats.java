package org.townalliance.console;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as people read them: in the town's zone, to the minute. Exposed to templates as {@code fmt}. */
final class Formats {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private final ZoneId zone;

    Formats(ZoneId zone) {
        this.zone = zone;
    }

    /** An ISO date-time from the API, in the town's zone; empty for none. */
    public String time(Object iso) {
        if (iso == null || iso.toString().isBlank()) {
            return "";
        }
        return OffsetDateTime.parse(iso.toString()).atZoneSameInstant(zone).format(MINUTE);
    }

    /** Minutes as hours the way a person writes them: 15 → 0.25, 1440 → 24, 10 → 0.17. */
    public String hours(Object minutes) {
        if (!(minutes instanceof Number number)) {
            return "";
        }
        return java.math.BigDecimal.valueOf(number.longValue()).divide(java.math.BigDecimal.valueOf(60), 2, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    public String zone() {
        return zone.getId();
    }
}
