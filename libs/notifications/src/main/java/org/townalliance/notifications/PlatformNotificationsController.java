package org.townalliance.notifications;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.web.Page;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

/** The platform admin's view of notifications across towns (the security chain admits platform admins only). */
@RestController
@Tag(name = "Platform: notifications")
class PlatformNotificationsController {

    private final NotificationOperations operations;

    PlatformNotificationsController(NotificationOperations operations) {
        this.operations = operations;
    }

    @GetMapping(path = "/api/platform/notifications/dead", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Dead deliveries, newest first (addresses masked), of one town if given")
    Mono<Page<NotificationOperations.DeadDelivery>> dead(@RequestParam(required = false) String town,
                                                         @RequestParam(required = false) Long after,
                                                         @RequestParam(required = false) Integer limit) {
        return operations.deadDeliveries(town, after, Page.limit(limit));
    }

    @PostMapping("/api/platform/notifications/dead/{id}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a dead delivery again, from its first attempt")
    Mono<Void> retry(@PathVariable long id) {
        return operations.retryDelivery(id);
    }

    @GetMapping(path = "/api/platform/notifications/dead-notices", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Notices that could not be fanned out (their audience could not be resolved), newest first")
    Flux<NotificationOperations.DeadNotice> deadNotices() {
        return operations.deadNotices();
    }

    @PostMapping("/api/platform/notifications/dead-notices/{id}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Fan a dead notice out again")
    Mono<Void> retryNotice(@PathVariable long id) {
        return operations.retryNotice(id);
    }

    @GetMapping(path = "/api/platform/notifications/figures", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Deliveries of the last hours (default 24) by channel with the p99 from queueing to sending; SMS this month per town")
    Mono<NotificationOperations.Figures> figures(@RequestParam(defaultValue = "24") int hours) {
        if (hours < 1 || hours > 24 * 31) {
            return Mono.error(ProblemException.badRequest("invalid-period", "hours is between 1 and 744."));
        }
        return operations.figures(Duration.ofHours(hours));
    }

    @GetMapping(path = "/api/platform/notifications/sms-quota/{town}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A town's SMS this month against its monthly quota")
    Mono<NotificationOperations.SmsQuota> quota(@PathVariable String town) {
        return operations.quota(town);
    }
}
