package org.townalliance.notifications;

import java.util.List;
import java.util.Map;

/**
 * An event of a town that people must hear of. {@code dedupKey} names the event (e.g. the ticket event's id): the same
 * kind and key in a town is one notice however often it is queued, and one message per person. {@code params} fill the
 * wording's placeholders ({@code {number}}, {@code {link}}, ...); {@code urgent} lets an SMS through quiet hours.
 */
public record Notice(String town, NoticeKind kind, String dedupKey, List<Audience> audience, Map<String, String> params,
                     boolean urgent, Attachment attachment) {

    /** A file sent with the e-mail (a meeting's {@code .ics}); small and text only. */
    public record Attachment(String name, String contentType, String text) {
    }

    public Notice {
        audience = List.copyOf(audience);
        params = Map.copyOf(params);
    }

    public static Notice of(String town, NoticeKind kind, String dedupKey, List<Audience> audience, Map<String, String> params) {
        return new Notice(town, kind, dedupKey, audience, params, false, null);
    }

    public Notice urgent(boolean urgent) {
        return new Notice(town, kind, dedupKey, audience, params, urgent, attachment);
    }

    public Notice withAttachment(Attachment attachment) {
        return new Notice(town, kind, dedupKey, audience, params, urgent, attachment);
    }
}
