package org.townalliance.testkit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.townalliance.devstack.Ports;

import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server in the test JVM (GreenMail): the platform sends e-mail to it over SMTP as to any other, and tests
 * read back what arrived for an address. It accepts every recipient; nothing leaves the machine.
 */
public final class MailServer {

    private final GreenMail server;
    private final int port;

    private MailServer(GreenMail server, int port) {
        this.server = server;
        this.port = port;
    }

    static MailServer start() {
        var port = Ports.free();
        var server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "mail-server-stop"));
        return new MailServer(server, port);
    }

    public int port() {
        return port;
    }

    /** Every message received so far for this address. */
    public List<MimeMessage> to(String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(message -> {
            try {
                var recipients = message.getRecipients(Message.RecipientType.TO);
                return recipients != null && Arrays.stream(recipients).anyMatch(r -> r.toString().equalsIgnoreCase(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The subjects of the messages received for this address. */
    public List<String> subjectsTo(String address) {
        return to(address).stream().map(message -> {
            try {
                return message.getSubject();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
