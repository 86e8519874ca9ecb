package dev.meshplane.broker;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;

/**
 * KRaft's {@link StandardAuthorizer}, with teams: an action the user's own ACLs do not allow is allowed when an ACL
 * allows it to one of the user's teams ({@code Team:analytics}, from {@link TeamPrincipal}). Everything else is the
 * standard authorizer's: ACLs in the metadata log, super users, deny when nothing matches. A DENY ACL on a user does
 * not outweigh its team's ALLOW (the platform writes no DENY ACLs).
 */
public class TeamAwareAuthorizer extends StandardAuthorizer {

    @Override
    public List<AuthorizationResult> authorize(AuthorizableRequestContext context, List<Action> actions) {
        if (!(context.principal() instanceof TeamPrincipal user) || user.teams().isEmpty()) {
            return super.authorize(context, actions);
        }
        // The user's own ACLs first, without logging a denial its team may still turn into an allow.
        List<AuthorizationResult> out = new ArrayList<>(super.authorize(context, quiet(actions)));
        for (int i = 0; i < actions.size(); i++) {
            if (out.get(i) == AuthorizationResult.ALLOWED) {
                continue;
            }
            Action action = actions.get(i);
            for (String team : user.teams()) {
                if (super.authorize(new AsTeam(context, team), quiet(List.of(action)))
                                .get(0)
                        == AuthorizationResult.ALLOWED) {
                    out.set(i, AuthorizationResult.ALLOWED);
                    break;
                }
            }
            if (out.get(i) != AuthorizationResult.ALLOWED) {
                super.authorize(context, List.of(action)); // denied after all: logged as the standard one logs it
            }
        }
        return out;
    }

    private static List<Action> quiet(List<Action> actions) {
        return actions.stream()
                .map(a -> new Action(
                        a.operation(), a.resourcePattern(), a.resourceReferenceCount(), a.logIfAllowed(), false))
                .toList();
    }

    /** The same request, as if the team had made it. */
    private record AsTeam(AuthorizableRequestContext request, String team) implements AuthorizableRequestContext {

        @Override
        public KafkaPrincipal principal() {
            return new KafkaPrincipal(TeamPrincipal.TEAM_TYPE, team);
        }

        @Override
        public String listenerName() {
            return request.listenerName();
        }

        @Override
        public SecurityProtocol securityProtocol() {
            return request.securityProtocol();
        }

        @Override
        public InetAddress clientAddress() {
            return request.clientAddress();
        }

        @Override
        public int requestType() {
            return request.requestType();
        }

        @Override
        public int requestVersion() {
            return request.requestVersion();
        }

        @Override
        public String clientId() {
            return request.clientId();
        }

        @Override
        public int correlationId() {
            return request.correlationId();
        }
    }
}
