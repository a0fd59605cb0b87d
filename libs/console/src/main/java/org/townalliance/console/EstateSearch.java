package org.townalliance.console;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * Estates by what a person types: the intake form's search-as-you-type list offers "name · address";
 * on submit the text is turned back into the estate, by name and address, by name alone, or as the
 * only estate that matches. Ambiguous or unknown text is refused beside the field.
 */
@Component
class EstateSearch {

    static final String SEPARATOR = " · ";
    private static final int LIMIT = 20;

    private final ConsoleApi api;

    EstateSearch(ConsoleApi api) {
        this.api = api;
    }

    Mono<List<Map<String, Object>>> search(OAuth2AuthorizedClient person, String town, String text) {
        return api.list(person, "/api/towns/{town}/estates?q={q}&limit={limit}", town, text, LIMIT);
    }

    /** The estate id the text stands for; empty for no text. */
    Mono<String> resolve(OAuth2AuthorizedClient person, String town, String text) {
        if (text == null || text.isBlank()) {
            return Mono.empty();
        }
        var at = text.indexOf(SEPARATOR);
        var name = at < 0 ? text.strip() : text.substring(0, at).strip();
        var address = at < 0 ? null : text.substring(at + SEPARATOR.length()).strip();
        return search(person, town, name).flatMap(found -> {
            var named = found.stream().filter(e -> name.equals(e.get("name")))
                    .filter(e -> address == null || address.equals(e.get("address"))).toList();
            var chosen = named.size() == 1 ? named : named.isEmpty() && found.size() == 1 ? found : List.<Map<String, Object>>of();
            if (chosen.size() == 1) {
                return Mono.just((String) chosen.getFirst().get("id"));
            }
            return Mono.error(named.size() > 1
                    ? ApiProblem.field(400, "estate-ambiguous", "estate", "Several estates have this name; choose one from the list.")
                    : ApiProblem.field(400, "estate-not-found", "estate", "No estate of this town matches '" + text + "'."));
        });
    }
}
