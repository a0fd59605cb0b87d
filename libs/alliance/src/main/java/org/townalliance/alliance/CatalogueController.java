package org.townalliance.alliance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** The service catalogue and the public-welfare list (draft → numbered published versions). */
@RestController
@RequestMapping(path = "/api/towns/{town}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: services", description = "基础 / 增值 / 公益 / 社区治理 services and the 公益服务清单")
class CatalogueController {

    record ServiceRequest(@NotNull ServiceCatalogue.Kind kind, @NotBlank @Size(max = 100) String nameZh,
                          @Size(max = 1000) String description, UUID providerId, UUID estateId,
                          @DecimalMin("0") BigDecimal listPrice, @DecimalMin("0") BigDecimal discountPrice,
                          @Size(max = 20) String unit, @Size(max = 200) String whereOffered,
                          @Size(max = 200) String schedule, @Size(max = 200) String eligibility, Boolean active) {
        ServiceCatalogue.Service toService() {
            return new ServiceCatalogue.Service(null, kind, nameZh, description, providerId, null, estateId, listPrice,
                    discountPrice, unit, whereOffered, schedule, eligibility, active == null || active);
        }
    }

    record PublishRequest(@NotBlank @Size(max = 200) String title) {
    }

    @GetMapping("/services")
    @TownAccess(anyRole = true, platformAdmin = true)
    Flux<ServiceCatalogue.Service> services(TownContext town, @RequestParam(required = false) ServiceCatalogue.Kind kind,
                                            @RequestParam(defaultValue = "true") boolean activeOnly) {
        return ServiceCatalogue.list(town.dsl(), kind, activeOnly);
    }

    @PostMapping(path = "/services", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    Mono<ResponseEntity<ServiceCatalogue.Service>> create(TownContext town, @Valid @RequestBody ServiceRequest request) {
        return ServiceCatalogue.save(town.dsl(), null, request.toService())
                .map(service -> ResponseEntity.status(HttpStatus.CREATED).body(service));
    }

    @PutMapping(path = "/services/{serviceId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    Mono<ServiceCatalogue.Service> update(TownContext town, @PathVariable UUID serviceId, @Valid @RequestBody ServiceRequest request) {
        return ServiceCatalogue.save(town.dsl(), serviceId, request.toService());
    }

    @GetMapping("/public-welfare-list/draft")
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "What publishing now would publish: the active public-welfare services")
    Mono<List<WelfareList.Item>> draft(TownContext town) {
        return WelfareList.draft(town.dsl());
    }

    @PostMapping(path = "/public-welfare-list/publish", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Publish the draft as the next numbered version (public at /public/towns/{town}/public-welfare-list)")
    Mono<ResponseEntity<WelfareList.Version>> publish(TownContext town, @Valid @RequestBody PublishRequest request) {
        return WelfareList.publish(town.dsl(), request.title(), town.caller().actor())
                .map(version -> ResponseEntity.status(HttpStatus.CREATED).body(version));
    }
}
