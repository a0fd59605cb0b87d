package org.townalliance.tenancy;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Lets town-scoped handlers declare a {@link TownContext} parameter (set by {@link TownRoutingFilter}). */
@Configuration
class TownWebConfiguration implements WebFluxConfigurer {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(TownContext.class);
    }

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == TownContext.class;
            }

            @Override
            public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
                Object town = exchange.getAttributes().get(TownContext.ATTRIBUTE);
                if (!(town instanceof TownContext resolved)) {
                    return Mono.error(new IllegalStateException(
                            "TownContext requested outside /api/towns/{town}/**: " + exchange.getRequest().getPath()));
                }
                return Mono.fromCallable(() -> TownAccessCheck.admit(resolved, parameter.getMethodAnnotation(TownAccess.class), exchange));
            }
        });
    }
}
