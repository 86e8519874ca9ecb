package dev.meshplane.broker;

import java.util.Map;

import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.security.auth.AuthenticationContext;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.KafkaPrincipalBuilder;
import org.apache.kafka.common.security.auth.KafkaPrincipalSerde;
import org.apache.kafka.common.security.auth.SaslAuthenticationContext;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;

/**
 * The broker's principal builder ({@code principal.builder.class}): Kafka's own, except that a client authenticated
 * with an OAUTHBEARER token becomes a {@link TeamPrincipal} carrying the teams of the token's claim named by {@value
 * #TEAMS_CLAIM_CONFIG} (default {@code groups}). Other mechanisms (the operator's PLAIN) get Kafka's plain {@code User}
 * principal.
 */
public final class TeamPrincipalBuilder implements KafkaPrincipalBuilder, KafkaPrincipalSerde, Configurable {

    /** Broker setting naming the token claim that lists a principal's teams. */
    public static final String TEAMS_CLAIM_CONFIG = "meshplane.teams.claim";

    /** What the OAUTHBEARER SASL server hands out as the validated token. */
    static final String TOKEN_PROPERTY = OAuthBearerLoginModule.OAUTHBEARER_MECHANISM + ".token";

    private final DefaultKafkaPrincipalBuilder kafkas = new DefaultKafkaPrincipalBuilder(null, null);
    private String claim = "groups";

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(TEAMS_CLAIM_CONFIG);
        if (configured != null && !configured.toString().isBlank()) {
            claim = configured.toString();
        }
    }

    @Override
    public KafkaPrincipal build(AuthenticationContext context) {
        KafkaPrincipal principal = kafkas.build(context);
        if (context instanceof SaslAuthenticationContext sasl
                && OAuthBearerLoginModule.OAUTHBEARER_MECHANISM.equals(
                        sasl.server().getMechanismName())
                && sasl.server().getNegotiatedProperty(TOKEN_PROPERTY) instanceof OAuthBearerToken token) {
            return new TeamPrincipal(principal.getName(), TokenTeams.of(token.value(), claim));
        }
        return principal;
    }

    /** As Kafka's (type and name): a request forwarded to the controller is authorized as the user alone. */
    @Override
    public byte[] serialize(KafkaPrincipal principal) throws SerializationException {
        return kafkas.serialize(principal);
    }

    @Override
    public KafkaPrincipal deserialize(byte[] bytes) throws SerializationException {
        return kafkas.deserialize(bytes);
    }
}
