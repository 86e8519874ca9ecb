package dev.meshplane.governance.health;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.IncomingInterceptor;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Tells {@link ViewsLoaded} which view records have been handled: a record's message is acknowledged after the view's
 * method returns, and a record that failed is nacked (and ignored by the channel's failure strategy), so either way
 * the view has moved past it. One interceptor per view channel.
 */
final class ViewProgress {

    private ViewProgress() {}

    abstract static class Tracking implements IncomingInterceptor {

        private final ViewsLoaded views;

        Tracking(ViewsLoaded views) {
            this.views = views;
        }

        @Override
        public void onMessageAck(Message<?> message) {
            handled(message);
        }

        @Override
        public void onMessageNack(Message<?> message, Throwable failure) {
            handled(message);
        }

        private void handled(Message<?> message) {
            message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .ifPresent(m -> views.handled(m.getTopic(), m.getPartition(), m.getOffset()));
        }
    }

    @Identifier("products-view")
    @Singleton
    static class Products extends Tracking {
        Products(ViewsLoaded views) {
            super(views);
        }
    }

    @Identifier("decisions-view")
    @Singleton
    static class Decisions extends Tracking {
        Decisions(ViewsLoaded views) {
            super(views);
        }
    }
}
