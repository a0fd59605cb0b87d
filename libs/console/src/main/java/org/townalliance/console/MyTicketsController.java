package org.townalliance.console;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * "All my towns": for people who serve several towns, first their own tasks in every town (我的任务: the tickets their
 * firm's manager gave them, still to be done), then each town's newest tickets they may see, side by side.
 */
@Controller
class MyTicketsController {

    /** One town's part of the page. */
    record TownTickets(Map<String, Object> town, List<Object> tickets) {
    }

    /** One of the person's tasks, with its town. */
    record Task(Map<String, Object> town, Map<String, Object> ticket) {
    }

    private static final java.util.Set<String> TO_DO = java.util.Set.of("DISPATCHED", "ACCEPTED", "IN_PROGRESS");

    private final ConsoleApi api;

    MyTicketsController(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/console/my-tickets")
    @SuppressWarnings("unchecked")
    Mono<Rendering> myTickets(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person) {
        return api.get(person, "/api/me").flatMap(me -> Flux.fromIterable((List<Map<String, Object>>) me.get("towns"))
                .concatMap(town -> api.get(person, "/api/towns/{town}/tickets?limit=20", town.get("slug"))
                        .map(page -> new TownTickets(town, (List<Object>) page.get("items")))
                        .onErrorResume(ApiProblem.class, refused -> Mono.just(new TownTickets(town, List.of()))))
                .collectList()
                .zipWith(Flux.fromIterable((List<Map<String, Object>>) me.get("towns"))
                        .concatMap(town -> api.get(person, "/api/towns/{town}/tickets?assignee=me&limit=50", town.get("slug"))
                                .flatMapIterable(page -> (List<Map<String, Object>>) page.get("items"))
                                .filter(ticket -> TO_DO.contains(String.valueOf(ticket.get("status"))))
                                .map(ticket -> new Task(town, ticket))
                                .onErrorResume(ApiProblem.class, refused -> Flux.empty()))
                        .collectList())
                .map(found -> Rendering.view("console/my-tickets").modelAttribute("me", me).modelAttribute("towns", me.get("towns"))
                        .modelAttribute("perTown", found.getT1()).modelAttribute("tasks", found.getT2()).build()));
    }
}
