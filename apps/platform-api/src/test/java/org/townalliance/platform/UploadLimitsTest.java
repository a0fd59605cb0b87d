package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.townalliance.testkit.TestStack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multipart forms are read only from someone logged in, and never beyond the largest upload (security review, issue
 * 19 item 4: the console's CSRF check parsed any multipart body before authorisation, with no limits, so an anonymous
 * multi-gigabyte POST filled the pod's disk). Raw HTTP on a socket: the answer comes before the body is sent.
 */
class UploadLimitsTest extends PlatformTest {

    private static final String BOUNDARY = "----limits";

    @Test
    void anAnonymousMultipartPostIsAnsweredBeforeItsBodyIsReadAndLeavesNothingOnDisk() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            var out = socket.getOutputStream();
            out.write(("POST /console/towns/dachang/members/import HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var started = System.nanoTime();
            chunk(out, ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xlsx\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var sent = sendUntilAnswered(socket, out, 200L * 1024 * 1024);
            var status = statusLine(socket.getInputStream());
            var answered = (System.nanoTime() - started) / 1_000_000;
            assertThat(status).contains(" 401 ");
            assertThat(sent).as("answered long before the 200 MB were sent").isLessThan(64L * 1024 * 1024);
            System.out.printf("UPLOAD LIMITS: an anonymous multipart POST answered %s after %d ms, %d KB sent%n", status.strip(),
                    answered, sent / 1024);
        }
        assertThat(filesIn(TestStack.MULTIPART_DIRECTORY)).as("nothing stored").isZero();
    }

    @Test
    void aFormDeclaringMoreThanTheLargestUploadIsRefusedAtOnce() throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /console/towns/dachang/members/import HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: 2147483648\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(statusLine(socket.getInputStream())).contains(" 413 ");
        }
        assertThat(filesIn(TestStack.MULTIPART_DIRECTORY)).isZero();
    }

    /** Streams zeros until the server answers (or {@code limit} bytes went out); answers how many were sent. */
    private static long sendUntilAnswered(Socket socket, OutputStream out, long limit) throws IOException {
        var block = new byte[256 * 1024];
        long sent = 0;
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try {
            while (sent < limit && System.nanoTime() < deadline) {
                if (socket.getInputStream().available() > 0) {
                    return sent;
                }
                chunk(out, block);
                sent += block.length;
            }
        } catch (IOException closedByTheServer) {
            // the server answered and closed the connection while we were still sending: what should happen
        }
        return sent;
    }

    private static void chunk(OutputStream out, byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String statusLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    private static long filesIn(java.nio.file.Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return 0;
        }
        try (var walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }
}
