package dev.meshplane.catalog.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Small formatting helpers for the pages. Text that reaches a page through a template is escaped by Qute; text this
 * class puts into markup it builds itself (the SVG charts) goes through {@link #escape}.
 */
final class Html {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Html() {}

    /** Escapes text for an HTML or SVG element body or a double-quoted attribute. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String url(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** The page of a product: {@code /products/sales/orders-daily-summary}. */
    static String productHref(String productId) {
        int slash = productId.indexOf('/');
        if (slash < 0) {
            return "/products/" + url(productId);
        }
        return "/products/" + url(productId.substring(0, slash)) + "/" + url(productId.substring(slash + 1));
    }

    static String domainHref(String domain) {
        return "/domains/" + url(domain);
    }

    static String time(Long epochMillis) {
        return epochMillis == null ? "never" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** {@code 3 min}, {@code 2 h 5 min}, {@code 4 d 1 h}: how long, to the minute. */
    static String duration(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        if (d.toMinutes() < 1) {
            return d.toSeconds() + " s";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min";
        }
        if (d.toDays() < 1) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toDays() + " d " + d.toHoursPart() + " h";
    }

    /** {@code 97.5 %}, or an em dash for no value. */
    static String percent(Double share) {
        return share == null ? "—" : String.format(java.util.Locale.ROOT, "%.1f %%", share * 100);
    }
}
