package org.townalliance.web;

import java.net.URI;

/** Problem type URIs: stable names, listed in docs/api.md. */
final class ProblemTypes {

    static final String PREFIX = "urn:town-alliance:problem:";

    private ProblemTypes() {
    }

    static URI uri(String code) {
        return URI.create(PREFIX + code);
    }
}
