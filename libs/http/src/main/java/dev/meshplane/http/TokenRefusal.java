package dev.meshplane.http;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Why the token verifier (quarkus-oidc, with jose4j) refused a token, in words a person can act on, from the error
 * codes it attached to the failure. Only loaded where jose4j is present ({@link RefusedTokenMapper} checks).
 */
final class TokenRefusal {

    private TokenRefusal() {}

    /** The reason, or null when the failure carries none the verifier spelled out. */
    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnresolvableKeyException) {
                return forged();
            }
            if (t instanceof InvalidJwtException jwt) {
                return reason(jwt);
            }
        }
        return null;
    }

    private static String reason(InvalidJwtException jwt) {
        if (jwt.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || causedByUnknownKey(jwt)) {
            return forged();
        }
        if (jwt.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "it is not signed";
        }
        if (jwt.hasErrorCode(ErrorCodes.ISSUER_INVALID) || jwt.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            String issuer = issuer(claims(jwt));
            return issuer == null
                    ? "it names no issuer (claim iss)"
                    : "it was issued by another identity provider (iss " + ApiProblem.quote(issuer) + ")";
        }
        if (jwt.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || jwt.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            String audience = audience(claims(jwt));
            String expected = ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.oidc.token.audience", String.class)
                    .orElse("this service's audience");
            return "it is not meant for this service (aud "
                    + (audience == null ? "missing" : ApiProblem.quote(audience)) + "; it must name " + expected + ")";
        }
        if (jwt.hasExpired()) {
            return "it has expired";
        }
        if (jwt.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "it has no expiry (claim exp)";
        }
        if (jwt.hasErrorCode(ErrorCodes.NOT_YET_VALID) || jwt.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return "it is not valid yet (is the clock of the machine that issued it right?)";
        }
        if (jwt.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_PAST)) {
            return "it was issued too long ago";
        }
        if (claims(jwt) == null) {
            return "it is not a token this service can read (a signed JWT of three base64url parts)";
        }
        return null;
    }

    private static String forged() {
        return "its signature does not verify with the identity provider's keys (forged, altered, or signed by"
                + " another provider)";
    }

    /** jose4j reports a key it cannot find (an unknown {@code kid}) as an error with the lookup's exception inside. */
    private static boolean causedByUnknownKey(InvalidJwtException jwt) {
        for (Throwable t = jwt.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnresolvableKeyException) {
                return true;
            }
        }
        return false;
    }

    /** The claims of the refused token; null when it could not be read as a JWT. */
    private static JwtClaims claims(InvalidJwtException jwt) {
        JwtContext context = jwt.getJwtContext();
        return context == null ? null : context.getJwtClaims();
    }

    private static String issuer(JwtClaims claims) {
        try {
            return claims == null ? null : claims.getIssuer();
        } catch (MalformedClaimException e) {
            return null;
        }
    }

    private static String audience(JwtClaims claims) {
        try {
            return claims == null || !claims.hasAudience() ? null : String.join(", ", claims.getAudience());
        } catch (MalformedClaimException e) {
            return null;
        }
    }
}
