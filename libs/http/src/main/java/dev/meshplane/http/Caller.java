package dev.meshplane.http;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who sent a request, from its verified access token: the person ({@value #PERSON_CLAIM}) and their teams (the short
 * group names of claim {@value #TEAMS_CLAIM}: {@code sales}, {@code analytics}, ...). A write acts for the person and
 * one of their teams, never for what the body claims.
 */
public record Caller(String person, List<String> teams) {

    public static final String PERSON_CLAIM = "preferred_username";

    public static final String TEAMS_CLAIM = "groups";

    /**
     * @throws ProblemException 403 when the token names no team or no person: it is valid, but says nothing the
     *     platform can record the request under
     */
    public static Caller of(JsonWebToken token) {
        Set<String> groups = new TreeSet<>();
        if (token.getGroups() != null) {
            token.getGroups().stream().filter(g -> g != null && !g.isBlank()).forEach(groups::add);
        }
        if (groups.isEmpty()) {
            throw ProblemException.forbidden(
                    "the token carries no team (claim " + TEAMS_CLAIM + "); ask your administrator to add you to your"
                            + " team's group",
                    null);
        }
        Object person = token.getClaim(PERSON_CLAIM);
        if (person == null || person.toString().isBlank()) {
            throw ProblemException.forbidden(
                    "the token names no person (claim " + PERSON_CLAIM + "); ask your administrator to check the"
                            + " identity provider's client settings",
                    null);
        }
        return new Caller(person.toString(), List.copyOf(groups));
    }

    /**
     * The team an answer is given for: {@code asked} when it is one of the caller's teams, else the caller's only team.
     *
     * @throws ProblemException 403 when {@code asked} is not one of the caller's teams; 400 when nothing was asked and
     *     the caller is in several
     */
    public String team(String field, String asked) {
        if (asked != null) {
            if (!teams.contains(asked)) {
                throw ProblemException.forbidden(
                        "you are not in team '" + ApiProblem.quote(asked) + "': your token names " + names()
                                + "; give one of those, or leave " + field + " out",
                        field);
            }
            return asked;
        }
        if (teams.size() > 1) {
            throw ProblemException.badParameter(
                    field, "you are in several teams (" + names() + "): say in " + field + " which one you answer for");
        }
        return teams.get(0);
    }

    /** Most teams a detail names. */
    public static final int NAMED = 20;

    /** The caller's teams as a detail names them. */
    public String names() {
        String named = String.join(
                ", ", teams.stream().limit(NAMED).map(ApiProblem::quote).toList());
        return teams.size() > NAMED ? named + " and " + (teams.size() - NAMED) + " more" : named;
    }
}
