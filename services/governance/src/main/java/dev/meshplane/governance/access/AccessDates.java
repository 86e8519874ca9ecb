package dev.meshplane.governance.access;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import dev.meshplane.http.ApiProblem;
import dev.meshplane.http.ProblemException;

/** The end date of an access request or approval, as people write it. */
final class AccessDates {

    private AccessDates() {}

    /**
     * {@code 2026-12-31} (access through that day: until the next midnight, UTC) or an instant ({@code
     * 2026-12-31T18:00:00Z}); null or blank for no end date.
     *
     * @throws ProblemException 400 naming {@code field} when it is neither, or not after {@code now}
     */
    static Instant until(String text, Instant now, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant end;
        try {
            end = text.length() == 10
                    ? LocalDate.parse(text)
                            .plusDays(1)
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.badParameter(
                    field,
                    field + " '" + ApiProblem.quote(text) + "' is not a date: write 2026-12-31 (through that day, UTC)"
                            + " or an instant such as 2026-12-31T18:00:00Z");
        }
        if (!end.isAfter(now)) {
            throw ProblemException.badParameter(
                    field, field + " " + text + " is in the past (now is " + now + "): give a later date");
        }
        return end;
    }
}
