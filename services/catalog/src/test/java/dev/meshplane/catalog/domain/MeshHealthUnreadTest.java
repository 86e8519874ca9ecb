package dev.meshplane.catalog.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The unread products: all counted, the first {@value MeshHealth#UNREAD_LISTED} listed, never read first. */
class MeshHealthUnreadTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long NOW = 1_000 * DAY;

    @Test
    void everyUnreadProductIsCountedAndTheOldestAreListed() {
        List<ProductSummary> products = new ArrayList<>();
        for (int i = 0; i < 120; i++) { // p000..p119 last read 31..150 days ago
            products.add(product(String.format("p%03d", i), NOW - (31 + i) * DAY));
        }
        products.add(product("never-b", null));
        products.add(product("never-a", null));
        products.add(product("recent", NOW - 29 * DAY));

        MeshHealth.Unread unread = MeshHealth.of("overall", products, NOW).unread();

        assertThat(unread.days()).isEqualTo(30);
        assertThat(unread.products()).isEqualTo(122);
        assertThat(unread.oldest()).hasSize(MeshHealth.UNREAD_LISTED);
        assertThat(unread.oldest())
                .extracting(MeshHealth.UnreadProduct::productId)
                .startsWith("sales/never-a", "sales/never-b", "sales/p119", "sales/p118")
                .endsWith("sales/p072")
                .doesNotContain("sales/recent");
    }

    private static ProductSummary product(String name, Long lastReadAt) {
        return new ProductSummary(
                "sales/" + name,
                "sales",
                name,
                "PUBLISHED",
                "1.0.0",
                "sara.owner",
                "sara.owner",
                null,
                List.of(),
                "sales." + name + ".v1",
                null,
                null,
                null,
                0,
                List.of(),
                List.of(),
                0,
                0,
                null,
                0L,
                0,
                0,
                0,
                new ProductSummary.Readers(List.of(), List.of(), lastReadAt),
                List.of());
    }
}
