package org.townalliance.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Security review, issue 19 item 3: a town's endpoint URL must not reach inside the platform's own network. */
class OutboundAddressesTest {

    private final OutboundAddresses production = new OutboundAddresses(false, "");

    @Test
    void onlyHttpsWithoutCredentialsInProduction() {
        assertThat(production.parse("https://12345.sh.gov.cn/case-updates").getHost()).isEqualTo("12345.sh.gov.cn");
        for (var url : new String[] {"http://12345.sh.gov.cn/x", "ftp://12345.sh.gov.cn/x", "https://user:pw@12345.sh.gov.cn/x",
                "https:///nohost", "not a url", "file:///etc/passwd"}) {
            assertThatThrownBy(() -> production.parse(url)).as(url).isInstanceOf(OutboundAddresses.Refused.class)
                    .extracting(e -> ((OutboundAddresses.Refused) e).category()).isEqualTo("invalid-url");
        }
        assertThat(new OutboundAddresses(true, "").parse("http://12345.sh.gov.cn/x")).isNotNull();
    }

    @Test
    void internalPrivateAndReservedAddressesAreRefusedWrittenAnyWay() {
        for (var host : new String[] {"127.0.0.1", "127.1.2.3", "[::1]", "localhost", "10.1.2.3", "172.16.0.1", "192.168.1.1",
                "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "[fd00::1]", "[fe80::1]", "[::ffff:10.0.0.1]",
                "[::ffff:127.0.0.1]", "[::]", "2130706433", "0x7f000001", "198.18.0.1"}) {
            assertThatThrownBy(() -> production.destination("https://" + host + "/x").block(Duration.ofSeconds(10))).as(host)
                    .isInstanceOf(OutboundAddresses.Refused.class)
                    .extracting(e -> ((OutboundAddresses.Refused) e).category()).isIn("address-not-allowed", "dns-failure");
        }
    }

    @Test
    void publicAddressesGoToTheAddressCheckedUnderTheirOwnName() {
        var destination = production.destination("https://8.8.8.8:8443/x").block(Duration.ofSeconds(10));
        assertThat(destination.getAddress().getHostAddress()).isEqualTo("8.8.8.8");
        assertThat(destination.getPort()).isEqualTo(8443);
        assertThat(destination.isUnresolved()).as("no second lookup when connecting").isFalse();
    }

    @Test
    void thePlatformMayAllowABlockOrAHostExplicitly() {
        var allowing = new OutboundAddresses(true, "127.0.0.1, 10.20.0.0/16, gateway.internal");
        assertThat(allowing.destination("http://127.0.0.1:9000/x").block(Duration.ofSeconds(10)).getPort()).isEqualTo(9000);
        assertThat(allowing.destination("https://10.20.3.4/x").block(Duration.ofSeconds(10))).isNotNull();
        assertThatThrownBy(() -> allowing.destination("https://10.21.3.4/x").block(Duration.ofSeconds(10)))
                .isInstanceOf(OutboundAddresses.Refused.class);
        assertThatThrownBy(() -> allowing.destination("https://[::1]/x").block(Duration.ofSeconds(10)))
                .isInstanceOf(OutboundAddresses.Refused.class);
    }
}
