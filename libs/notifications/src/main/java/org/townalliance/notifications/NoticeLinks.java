package org.townalliance.notifications;

import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * Adds to a notice's parameters what only another module can make (the resident's tracking link is the residents
 * module's): each bean of this type is asked when a notice is fanned out; what it answers fills placeholders.
 */
public interface NoticeLinks {

    Mono<Map<String, String>> links(Notice notice);
}
