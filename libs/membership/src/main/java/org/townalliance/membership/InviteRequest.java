package org.townalliance.membership;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.townalliance.identity.TownPeople;
import org.townalliance.identity.TownRole;

/** Invite a person into a role of this town, by e-mail or mobile phone. */
record InviteRequest(
        @Schema(example = "wang.xiaoming@example.cn") @Email @Size(max = 254) String email,
        @Schema(example = "13800138000", description = "mainland mobile (optionally +86) or E.164")
        @Pattern(regexp = "^((\\+86)?1[3-9][0-9]{9}|\\+[1-9][0-9]{6,14})$", message = "is not a mobile number") String phone,
        @Schema(example = "王") @NotBlank @Size(max = 50) String familyName,
        @Schema(example = "小明") @NotBlank @Size(max = 50) String givenName,
        @NotNull TownRole role,
        @Schema(description = "member organisation id, for ORG_MANAGER and ORG_STAFF") @Size(max = 64) String organisation) {

    @AssertTrue(message = "give an e-mail or a mobile phone")
    @Schema(hidden = true)
    boolean isReachable() {
        return (email != null && !email.isBlank()) || (phone != null && !phone.isBlank());
    }

    TownPeople.Invitation toInvitation() {
        return new TownPeople.Invitation(email, phone, familyName, givenName, new TownPeople.RoleAssignment(role, organisation));
    }
}
