package org.townalliance.tenancy;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds a {@code town} tag to HTTP server metrics. Only towns the routing filter admitted are named
 * (never a raw path segment), and after {@code max-town-metric-tags} distinct towns the rest are
 * counted as "other", so the series count stays bounded.
 */
@Component
class TownMetricsConvention extends DefaultServerRequestObservationConvention {

    private final Set<String> named = ConcurrentHashMap.newKeySet();
    private final int max;

    TownMetricsConvention(TenancyProperties properties) {
        this.max = properties.maxTownMetricTags();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
        return super.getLowCardinalityKeyValues(context).and(KeyValue.of("town", town(context)));
    }

    private String town(ServerRequestObservationContext context) {
        if (!(context.getAttributes().get(TownContext.ATTRIBUTE) instanceof TownContext town)) {
            return "none";
        }
        var slug = town.slug();
        if (named.contains(slug) || (named.size() < max && named.add(slug))) {
            return slug;
        }
        return "other";
    }
}
