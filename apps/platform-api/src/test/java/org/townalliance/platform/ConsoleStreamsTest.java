package org.townalliance.platform;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every console page keeps a live stream open (the header's badge; the board has a second one), and each is relayed
 * from the API over one loopback connection held as long as the page is open. Forty open pages on one replica must not
 * use up the console's connections to its API: a page still renders at once. (Reactor Netty's default pool has
 * 2 × max(cores, 8) = 16 connections per address; the 17th stream used to wait, and with it every page's API calls.)
 */
class ConsoleStreamsTest extends HotlineTest {

    @Test
    void fortyOpenPagesStillLeaveRoomForPages() {
        var town = town();
        var session = ConsoleSession.logIn("http://localhost:" + port, "mgr-a-" + town.slug(), "127.0.0.1", "console-streams-test");
        var streams = new ArrayList<Stream<String>>();
        try {
            for (var i = 0; i < 40; i++) {
                var stream = session.openStream("/console/notifications/stream");
                assertThat(stream.statusCode()).isEqualTo(200);
                var lines = stream.body();
                streams.add(lines);
                // The first event (the unread count) arrives: the stream's relay got its connection to the API.
                assertThat(lines.filter(line -> line.startsWith("data:")).findFirst()).hasValueSatisfying(data -> assertThat(data).contains("0"));
            }
            // Within the session's 30 s request timeout (a page waiting for a pooled connection would wait 45 s).
            assertThat(session.get("/console/notifications").statusCode()).isEqualTo(200);
        } finally {
            streams.forEach(Stream::close);
        }
    }
}
