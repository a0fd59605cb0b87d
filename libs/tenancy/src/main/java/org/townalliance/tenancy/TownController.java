package org.townalliance.tenancy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.identity.Caller;
import org.townalliance.identity.Callers;
import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownRole;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What any member of a town sees of the town itself, and the town's settings. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town", description = "A town as its members see it")
class TownController {

    private static final Pattern SETTING_KEY = Pattern.compile("^[a-z][a-z0-9_.-]{0,63}$");
    private static final int MAX_VALUE = 2000;

    private final TownDirectory directory;

    TownController(TownDirectory directory) {
        this.directory = directory;
    }

    /** A town and the caller's roles in it. */
    record TownProfile(String slug, String nameZh, String nameEn, String district, String city, String timezone,
                       TownStatus status, List<TownGrant> roles) {
        static TownProfile of(Town town, Caller caller) {
            return new TownProfile(town.slug(), town.nameZh(), town.nameEn(), town.district(), town.city(),
                    town.timezone().getId(), town.status(), List.copyOf(caller.grantsIn(town.slug())));
        }
    }

    @GetMapping("/api/towns/{town}")
    @TownAccess(anyRole = true, platformAdmin = true)
    Mono<TownProfile> town(TownContext town) {
        return Mono.just(TownProfile.of(town.town(), town.caller()));
    }

    /** Who I am and where I may act: drives the console's town switcher. */
    record Me(String subject, String username, boolean platformAdmin, List<TownProfile> towns) {
    }

    @GetMapping("/api/me")
    @Operation(summary = "Who I am: my account, whether I am platform admin, my towns with my roles and organisations")
    Mono<Me> me() {
        return Callers.current().flatMap(caller -> myTowns().collectList()
                .map(towns -> new Me(caller.subject(), caller.username(), caller.platformAdmin(), towns)));
    }

    @GetMapping("/api/me/towns")
    @Operation(summary = "The towns I can open (for the town switcher): towns where I hold a role and that serve requests")
    Flux<TownProfile> myTowns() {
        return Callers.current().flatMapMany(caller -> Flux.fromIterable(caller.towns())
                .concatMap(directory::find)
                .filter(town -> town.status() == TownStatus.ACTIVE || town.status() == TownStatus.ARCHIVED)
                .map(town -> TownProfile.of(town, caller)));
    }

    @GetMapping("/api/towns/{town}/settings")
    @TownAccess(anyRole = true, platformAdmin = true)
    Flux<TownSettings.Setting> settings(TownContext town) {
        return TownSettings.list(town.dsl());
    }

    @PutMapping(path = "/api/towns/{town}/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set several settings at once (secretariat); all or nothing")
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    Flux<TownSettings.Setting> putSettings(TownContext town, @RequestBody Map<String, String> settings) {
        var caller = town.caller();
        settings.forEach((key, value) -> {
            if (!SETTING_KEY.matcher(key).matches()) {
                throw ProblemException.badRequest("invalid-setting", "Setting key '" + key
                        + "' must be a lower-case letter followed by up to 63 of a-z 0-9 _ . -");
            }
            if (value == null || value.length() > MAX_VALUE) {
                throw ProblemException.badRequest("invalid-setting", "Setting '" + key + "' needs a value of at most "
                        + MAX_VALUE + " characters.");
            }
        });
        return TownSettings.putAll(town.dsl(), settings, caller.actor())
                .thenMany(TownSettings.list(town.dsl()));
    }
}
