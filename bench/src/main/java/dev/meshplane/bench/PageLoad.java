package dev.meshplane.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog's pages under load, from a separate process: what each page transfers (its HTML and every asset it
 * links), whether it links anything outside the catalog, then the product page, a search page, browsing with no text
 * and the results-as-you-type fragment, each at RATE pages/s for SECONDS (HttpLoad's constant-rate schedule).
 *
 * <p>{@code PageLoad CATALOG_URL N_PRODUCTS RATE SECONDS}
 */
public final class PageLoad {

    private static final Pattern LINKED = Pattern.compile("(?:src|href)=\"([^\"#]+)\"");

    private PageLoad() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int n = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newHttpClient();
        for (String page :
                new String[] {"/products/" + CatalogLoader.productId(0), "/?q=orders", "/", "/mesh/health", "/alerts"
                }) {
            transfer(http, base, page);
        }
        Random random = new Random(7);
        HttpLoad.run(
                "product page", rate, seconds, i -> base + "/products/" + CatalogLoader.productId(random.nextInt(n)));
        HttpLoad.run(
                "search page",
                rate,
                seconds,
                i -> base + "/?q=" + CatalogLoader.WORDS.get(random.nextInt(CatalogLoader.WORDS.size())) + "+"
                        + CatalogLoader.DOMAINS.get(random.nextInt(CatalogLoader.DOMAINS.size())));
        HttpLoad.run(
                "browse page (no text: every product, counts over all)",
                rate,
                seconds,
                i -> base + "/?domain=" + CatalogLoader.DOMAINS.get(random.nextInt(CatalogLoader.DOMAINS.size())));
        // a person typing: each keystroke asks for the results of what is typed so far
        HttpLoad.run("results as you type", rate, seconds, i -> {
            String word = CatalogLoader.WORDS.get(random.nextInt(CatalogLoader.WORDS.size()));
            return base + "/search/results?q=" + word.substring(0, 1 + random.nextInt(word.length()));
        });
    }

    /** Prints the page's own bytes and those of each asset it links on the catalog, and anything linked elsewhere. */
    static void transfer(HttpClient http, String base, String page) throws Exception {
        HttpResponse<String> html = http.send(
                HttpRequest.newBuilder(URI.create(base + page)).build(), HttpResponse.BodyHandlers.ofString());
        long total = html.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        StringBuilder assets = new StringBuilder();
        int outside = 0;
        java.util.Set<String> seen = new java.util.TreeSet<>();
        Matcher m = LINKED.matcher(html.body());
        while (m.find()) {
            String link = m.group(1);
            if (link.startsWith("http://") || link.startsWith("https://") || link.startsWith("//")) {
                outside++;
                continue;
            }
            if (link.startsWith("/static/") && seen.add(link)) {
                long bytes = http.send(
                                HttpRequest.newBuilder(URI.create(base + link)).build(),
                                HttpResponse.BodyHandlers.ofByteArray())
                        .body()
                        .length;
                total += bytes;
                assets.append(' ').append(link).append(' ').append(bytes);
            }
        }
        System.out.printf(
                "page %s: HTTP %d, %,d bytes in all (HTML %,d;%s), %d link(s) outside the catalog%n",
                page, html.statusCode(), total, html.body().length(), assets, outside);
    }
}
