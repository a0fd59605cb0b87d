package org.townalliance.residents;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.townalliance.notifications.Notice;
import org.townalliance.notifications.NoticeLinks;
import org.townalliance.tenancy.AllTowns;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * The link in every SMS to a resident: their request's tracking page (progress, photos, and the rating once it is
 * resolved), which only this module can make. Nothing is stored: the token is the number's keyed MAC.
 */
@Component
class ResidentTrackingLinks implements NoticeLinks {

    private final AllTowns towns;
    private final TrackingTokens tokens;
    private final String publicUrl;

    ResidentTrackingLinks(AllTowns towns, TrackingTokens tokens, @Value("${alliance.console.url:http://localhost:8080}") String publicUrl) {
        this.towns = towns;
        this.tokens = tokens;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @Override
    public Mono<Map<String, String>> links(Notice notice) {
        var number = notice.params().get("number");
        if (!notice.kind().forResidents() || number == null || !number.matches("\\d{1,18}")) {
            return Mono.empty();
        }
        return towns.find(notice.town()).map(town -> Map.of("link",
                publicUrl + "/track/" + town.slug() + "/" + tokens.of(town, Long.parseLong(number))));
    }
}
