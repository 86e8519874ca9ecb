package dev.meshplane.alerting.service.delivery;

import dev.meshplane.alerting.Courier;
import dev.meshplane.alerting.RoutingFile;
import dev.meshplane.events.v1.AlertStateChanged;

/** E-mail destinations over SMTP, every other type over HTTP. */
public record Transports(Courier.Transport http, Courier.Transport mail) implements Courier.Transport {

    @Override
    public void send(RoutingFile.Destination destination, AlertStateChanged alert) throws Courier.DeliveryException {
        (destination.type() == RoutingFile.Type.EMAIL ? mail : http).send(destination, alert);
    }
}
