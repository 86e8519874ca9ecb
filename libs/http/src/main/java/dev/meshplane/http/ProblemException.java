package dev.meshplane.http;

/**
 * A request a resource cannot answer as asked; {@link ProblemExceptionMapper} answers it with its problem body.
 * Resources throw it rather than build error responses, so every error of every service has the same shape.
 */
public class ProblemException extends RuntimeException {

    private final transient ApiProblem problem;

    public ProblemException(ApiProblem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public ApiProblem problem() {
        return problem;
    }

    /** 404: {@code detail} names what was not found and, where it helps, how it comes to exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(ApiProblem.of(404, detail));
    }

    /**
     * 403: the caller is known (a valid token) but may not do this; {@code detail} says what the token lacks and who
     * can change that. {@code parameter}, when not null, is the body field that asked for what the token does not
     * allow.
     */
    public static ProblemException forbidden(String detail, String parameter) {
        return new ProblemException(ApiProblem.of(403, detail, parameter));
    }

    /** 400 caused by one query parameter or body field; {@code detail} says which values it takes. */
    public static ProblemException badParameter(String parameter, String detail) {
        return new ProblemException(ApiProblem.of(400, detail, parameter));
    }
}
