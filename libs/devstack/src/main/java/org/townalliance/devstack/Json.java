package org.townalliance.devstack;

import tools.jackson.databind.json.JsonMapper;

/** The little JSON the devstack reads from Keycloak's answers. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static String field(String json, String name) {
        var value = MAPPER.readTree(json).get(name);
        if (value == null) {
            throw new IllegalStateException("no '" + name + "' in " + json);
        }
        return value.asString();
    }
}
