package org.townalliance.tenancy;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.townalliance.web.ProblemException;

import java.time.DateTimeException;
import java.time.ZoneId;

/** What a platform admin gives to onboard a town. */
public record OnboardTownRequest(
        @Schema(example = "dachang") @NotBlank @Pattern(regexp = "^[a-z][a-z0-9-]{1,30}$",
                message = "2 to 31 characters: a lower-case letter, then lower-case letters, digits or '-'") String slug,
        @Schema(example = "大场镇") @NotBlank @Size(max = 100) String nameZh,
        @Schema(example = "Dachang") @NotBlank @Size(max = 100) String nameEn,
        @Schema(example = "宝山区") @NotBlank @Size(max = 100) String district,
        @Schema(example = "上海市") @NotBlank @Size(max = 100) String city,
        @Schema(example = "Asia/Shanghai", description = "IANA zone for deadlines and calendars; default Asia/Shanghai")
        @Size(max = 64) String timezone) {

    public static final String DEFAULT_TIMEZONE = "Asia/Shanghai";

    public ZoneId zone() {
        try {
            return ZoneId.of(timezone == null || timezone.isBlank() ? DEFAULT_TIMEZONE : timezone);
        } catch (DateTimeException e) {
            throw ProblemException.badRequest("invalid-timezone", "'" + timezone + "' is not an IANA time zone such as Asia/Shanghai.");
        }
    }

    /** Whether a registered town was made from the same request (a retry), not a different town. */
    boolean sameTownAs(Town town) {
        return town.nameZh().equals(nameZh) && town.nameEn().equals(nameEn) && town.district().equals(district)
                && town.city().equals(city) && town.timezone().equals(zone());
    }
}
