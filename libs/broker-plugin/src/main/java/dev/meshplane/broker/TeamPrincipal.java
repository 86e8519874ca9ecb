package dev.meshplane.broker;

import java.util.Set;

import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * A user principal ({@code User:sara.owner}) that also knows its teams, as the identity provider's token said at
 * authentication. Equal to another principal of the same user whatever the teams (so a re-authentication after a change
 * of teams keeps the connection); the teams are used only by {@link TeamAwareAuthorizer}.
 */
public final class TeamPrincipal extends KafkaPrincipal {

    /** The principal type of an ACL that names a team: {@code Team:analytics}. */
    public static final String TEAM_TYPE = "Team";

    private final Set<String> teams;

    public TeamPrincipal(String name, Set<String> teams) {
        super(USER_TYPE, name);
        this.teams = Set.copyOf(teams);
    }

    public Set<String> teams() {
        return teams;
    }
}
