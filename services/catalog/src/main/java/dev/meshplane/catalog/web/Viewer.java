package dev.meshplane.catalog.web;

import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.qute.TemplateData;
import io.quarkus.security.identity.SecurityIdentity;

import dev.meshplane.http.Caller;
import dev.meshplane.http.ProblemException;

/**
 * Who is looking at a page: nobody in particular (reading needs no log-in), or a person logged in through the
 * identity provider, with their teams. {@code loginEnabled} false: the pages offer no log-in.
 */
@TemplateData
public record Viewer(boolean loginEnabled, boolean loggedIn, String person, List<String> teams, String loginHref) {

    /**
     * @param path the page's path and query, where log-in comes back to
     */
    static Viewer of(boolean loginEnabled, SecurityIdentity identity, JsonWebToken idToken, String path) {
        String login = "/login?to=" + Html.url(path);
        if (!loginEnabled) {
            return new Viewer(false, false, null, List.of(), login);
        }
        if (identity == null || identity.isAnonymous()) {
            return new Viewer(true, false, null, List.of(), login);
        }
        try {
            Caller caller = Caller.of(idToken);
            return new Viewer(true, true, caller.person(), caller.teams(), login);
        } catch (ProblemException e) { // logged in, but no team or no name: they can read, not act
            return new Viewer(true, true, identity.getPrincipal().getName(), List.of(), login);
        }
    }

    /** Whether the person is in the team that owns products of {@code domain} (the domain's own team). */
    public boolean owns(String domain) {
        return teams.contains(domain);
    }
}
