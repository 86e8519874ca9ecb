package dev.meshplane.alerting.service.delivery;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;

import dev.meshplane.alerting.Courier;
import dev.meshplane.alerting.Messages;
import dev.meshplane.alerting.RoutingFile;
import dev.meshplane.events.v1.AlertStateChanged;

/**
 * E-mail over SMTP (Quarkus Mailer, {@code quarkus.mailer.*}): one message to all of a destination's recipients, with
 * the delivery key in a header. An SMTP server that cannot be reached or refuses for now is retried like an HTTP 5xx;
 * a reason names the destination and the error, never an address list.
 */
public final class MailTransport implements Courier.Transport {

    private final Mailer mailer;
    private final String from;

    public MailTransport(Mailer mailer, String from) {
        this.mailer = mailer;
        this.from = from;
    }

    @Override
    public void send(RoutingFile.Destination d, AlertStateChanged alert) throws Courier.DeliveryException {
        Messages.Email email = Messages.email(alert);
        Mail mail = Mail.withText(d.to().get(0), email.subject(), email.body()).setFrom(from);
        mail.setTo(d.to());
        mail.addHeader(Messages.DELIVERY_HEADER, Messages.deliveryKey(alert));
        try {
            mailer.send(mail);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new Courier.DeliveryException(
                    d.name() + ": SMTP " + root.getClass().getSimpleName() + " " + firstLine(root.getMessage()), false);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
