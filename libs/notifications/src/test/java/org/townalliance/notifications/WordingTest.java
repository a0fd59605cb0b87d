package org.townalliance.notifications;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WordingTest {

    @Test
    void everyKindIsWordedInBothLanguagesWithTheSamePlaceholdersAsTheOther() {
        for (var kind : NoticeKind.values()) {
            var zh = Wording.platform(kind, "zh-CN");
            var en = Wording.platform(kind, "en");
            assertThat(zh.title()).as(kind + " zh").isNotBlank();
            assertThat(en.title()).as(kind + " en").isNotBlank().isNotEqualTo(zh.title());
            var zhNames = Wording.placeholders(zh.title() + zh.body());
            var enNames = Wording.placeholders(en.title() + en.body());
            zhNames.remove("decision");
            enNames.remove("decisionEn");
            assertThat(enNames).as(kind + " placeholders").isEqualTo(zhNames);
        }
    }

    @Test
    void placeholdersAreFilledAndAnUnknownOneIsLeftEmpty() {
        var text = Wording.render(new Wording.Text("工单 {number}", "{category}，{place}{nope}"), Map.of("number", "42", "category", "报修",
                "place", "乾溪路1号"));
        assertThat(text.title()).isEqualTo("工单 42");
        assertThat(text.body()).isEqualTo("报修，乾溪路1号");
        assertThat(Wording.fill("$1 {a}", Map.of("a", "\\$2"))).isEqualTo("$1 \\$2");
        assertThat(Wording.locale("en-GB")).isEqualTo("en");
        assertThat(Wording.locale("fr")).isEqualTo("zh-CN");
    }

    @Test
    void retriesBackOffExponentiallyUpToTheLongestWait() {
        var properties = new NotificationsProperties(Duration.ofSeconds(1), 6, Duration.ofSeconds(30), Duration.ofHours(1),
                Duration.ofMinutes(2), Duration.ofSeconds(15), "a@b");
        assertThat(properties.retryAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.retryAfter(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.retryAfter(4)).isEqualTo(Duration.ofMinutes(4));
        assertThat(properties.retryAfter(30)).isEqualTo(Duration.ofHours(1));
    }
}
