package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.townalliance.testkit.TestStack;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How big a person's access token gets with the number of towns they hold a role in (one group path
 * per role reaches the token). Keycloak and proxies commonly limit headers to 8 KiB.
 */
class TokenSizeTest extends PlatformTest {

    @Test
    void aPersonInFiftyTownsStillHasATokenThatFitsInAHeader() {
        var sizes = new StringBuilder();
        var fifty = 0;
        for (var towns : new int[]{1, 10, 50}) {
            var user = "size-" + towns + "-" + uniqueSlug("t");
            var groups = IntStream.rangeClosed(1, towns)
                    .mapToObj(i -> "/towns/size-town-" + i + "/orgs/91310113MA1GK0XX1A/managers")
                    .toArray(String[]::new);
            TestStack.users().user(user, groups);
            var token = TestStack.tokens().of(user);
            sizes.append(towns).append(" towns: ").append(token.length()).append(" bytes; ");
            fifty = token.length();
        }
        System.out.println("Access token size: " + sizes);
        assertThat(fifty).isLessThan(8 * 1024);
    }
}
