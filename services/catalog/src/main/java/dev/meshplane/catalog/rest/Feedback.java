package dev.meshplane.catalog.rest;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.http.ApiProblem;
import dev.meshplane.http.Caller;
import dev.meshplane.http.ProblemException;

/** A consumer's rating, checked and put on {@code mesh.feedback}: for the API and the product page alike. */
@ApplicationScoped
public class Feedback {

    /** Longest feedback comment: a few paragraphs. */
    public static final int MAX_COMMENT = 2000;
    /** Longest consuming team's name. */
    static final int MAX_TEAM = 100;

    private final MutinyEmitter<ConsumerFeedbackGiven> feedback;

    public Feedback(@Channel("feedback") MutinyEmitter<ConsumerFeedbackGiven> feedback) {
        this.feedback = feedback;
    }

    /**
     * @return the feedback written, once the broker has it
     * @throws ProblemException 409 for a product never published; 400 naming the field for a score outside 0-10, a
     *     blank or overlong team or an overlong comment; 403/400 from {@link Caller#team} for a team not the caller's
     */
    public ConsumerFeedbackGiven give(Caller caller, ProductView v, ProductsResource.FeedbackRequest body) {
        if (!v.published()) {
            throw new ProblemException(ApiProblem.of(
                    409,
                    v.productId + " has never been published (governance has only rejected it): there is nothing to"
                            + " rate yet"));
        }
        if (body == null || body.score() == null || body.score() < 0 || body.score() > 10) {
            throw ProblemException.badParameter("score", "score is a whole number from 0 to 10");
        }
        if (body.team() != null && (body.team().isBlank() || body.team().length() > MAX_TEAM)) {
            throw ProblemException.badParameter(
                    "team", "team is one of the teams your token names (" + caller.names() + "), or left out");
        }
        if (body.comment() != null && body.comment().length() > MAX_COMMENT) {
            throw ProblemException.badParameter(
                    "comment",
                    "comment is at most " + MAX_COMMENT + " characters; this one has "
                            + body.comment().length());
        }
        String team = caller.team("team", body.team());
        ConsumerFeedbackGiven event = ConsumerFeedbackGiven.newBuilder()
                .setFeedbackId(UUID.randomUUID().toString())
                .setProductId(v.productId)
                .setScore(body.score())
                .setTeam(team)
                .setPerson(caller.person())
                .setComment(body.comment())
                .setGivenAt(Instant.now())
                .build();
        feedback.sendMessageAndAwait(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(v.productId)
                        .build()));
        return event;
    }
}
