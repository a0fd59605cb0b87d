package org.townalliance.tenancy;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * Refuses to start a platform with a town-scoped route that declares no access rule or does not take a
 * {@link TownContext} (and so would skip the town check): new routes fall under the rules by construction.
 */
@Component
class TownRoutesCheck implements SmartInitializingSingleton {

    private final ApplicationContext context;

    TownRoutesCheck(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void afterSingletonsInstantiated() {
        var mapping = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        var offenders = new ArrayList<String>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            var townScoped = info.getPatternsCondition().getPatterns().stream()
                    .anyMatch(pattern -> pattern.getPatternString().startsWith("/api/towns/{town}"));
            if (!townScoped) {
                return;
            }
            var declared = handler.hasMethodAnnotation(TownAccess.class);
            var takesTown = Arrays.stream(handler.getMethodParameters())
                    .anyMatch(parameter -> parameter.getParameterType() == TownContext.class);
            if (!declared || !takesTown) {
                offenders.add(handler.getShortLogMessage());
            }
        });
        if (!offenders.isEmpty()) {
            throw new IllegalStateException("Town-scoped handlers need @TownAccess and a TownContext parameter: " + offenders);
        }
    }
}
