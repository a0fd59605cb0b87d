package org.townalliance.console;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Mono;

/**
 * The page behind a certificate's printed address and QR code: anyone types or scans a code and sees whether
 * the certificate is genuine and still valid. No login; the public verification API decides.
 */
@Controller
class PublicCertificatePage {

    private final ConsoleApi api;

    PublicCertificatePage(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/verify")
    Mono<Rendering> form(@RequestParam(required = false) String code) {
        return code == null || code.isBlank() ? Mono.just(view(null, null, null))
                : Mono.just(Rendering.redirectTo("/verify/" + java.net.URLEncoder.encode(code.strip().toUpperCase(java.util.Locale.ROOT),
                        java.nio.charset.StandardCharsets.UTF_8)).build());
    }

    @GetMapping("/verify/{code}")
    Mono<Rendering> verify(@PathVariable String code) {
        return api.get(null, "/public/certificates/{code}", code)
                .map(certificate -> view(code, certificate, null))
                .onErrorResume(ApiProblem.class, problem -> Mono.just(view(code, null, problem.code())));
    }

    private static Rendering view(String code, Object certificate, String problem) {
        return Rendering.view("public/certificate").modelAttribute("code", code).modelAttribute("c", certificate)
                .modelAttribute("problem", problem).status(HttpStatus.OK).build();
    }
}
