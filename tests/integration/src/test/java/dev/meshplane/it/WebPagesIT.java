package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.topics.Topics;

/**
 * The catalog's pages in a real browser: Debian's headless Chromium driven through its chromedriver, against the
 * catalog, governance and quality services on a real broker and registry. It walks what a person does: types a
 * search, opens the product, reads its owner, SLA and quality; keeps the alert page open while a run drops 35 % and
 * sees the FIRING alert arrive without reloading. A failing test leaves a screenshot in
 * {@code target/web-screenshots/}; so does each step that passes, to look at.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the steady week is read before the run that drops
class WebPagesIT {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String PRODUCT = "sales/orders-daily-summary";
    static final Path SHOTS = Path.of("target", "web-screenshots");
    static final Duration WAIT = Duration.ofSeconds(60);

    private static TestPlatform platform;
    private static TestPlatform.RunningService catalog;
    private static Instant day0;

    private WebDriver browser;
    private String test;

    @BeforeAll
    static void mesh() throws IOException {
        assertThat(Path.of(CHROMEDRIVER))
                .as("the browser tests need Debian's chromium and chromium-driver: apt-get install chromium"
                        + " chromium-driver (.ci/run installs them)")
                .exists();
        if (Files.isDirectory(SHOTS)) { // the screenshots of an earlier run are not this run's
            try (var old = Files.list(SHOTS)) {
                for (Path shot : old.toList()) {
                    Files.delete(shot);
                }
            }
        }
        platform = TestPlatform.startSecured();
        platform.startIdentity(); // people log in to the pages; governance requires their tokens
        TestPlatform.RunningService governance = platform.startGovernance();
        platform.startService(
                PlatformService.QUALITY,
                Map.of(
                        "kafka-streams.state.dir",
                        Files.createTempDirectory("web-quality").toString()));
        catalog = platform.startService(
                PlatformService.CATALOG, Map.of("meshplane.web.governance-url", governance.url()));
        String yaml = Fixtures.example(PRODUCT).replace("  inputs:\n    - product: customers/customer-profile\n", "");
        assertThat(platform.publish(yaml).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        // a steady week of runs: the row-count check has its baseline and passes
        day0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(7));
        try (KafkaProducer<String, QualityResultReported> pipeline = pipeline()) {
            for (int i = 0; i < 5; i++) {
                pipeline.send(run(i, 1000));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @BeforeEach
    void open(TestInfo info) throws IOException {
        test = info.getTestMethod().orElseThrow().getName();
        Files.createDirectories(SHOTS);
        browser = newBrowser();
    }

    /** A new browser: no cookie, nobody logged in. */
    private static WebDriver newBrowser() {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        return new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                        .build(),
                options);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void aPersonSearchesOpensTheProductAndReadsItsOwnerSlaAndQuality() throws Exception {
        step("search page", () -> browser.get(catalog.url() + "/"));
        WebElement box = browser.findElement(By.id("q"));
        // results as you type: no Enter, no submit
        step("typed 'orders'", () -> {
            box.sendKeys("orders");
            until(d -> d.findElement(By.id("result-count")).getText().contains("match “orders”"));
        });
        WebElement hit = browser.findElement(By.linkText(PRODUCT));
        step("product page", () -> {
            hit.click();
            until(ExpectedConditions.textToBe(By.id("product-title"), PRODUCT));
        });
        assertThat(browser.findElement(By.id("owner")).getText()).isEqualTo("sales-data@company.com");
        assertThat(browser.findElement(By.id("oncall")).getText()).isEqualTo("jane.doe@company.com");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Freshness SLA", "Target");
        // the five steady runs reach the catalog: the check's latest outcome and its chart
        step(
                "quality passing",
                () -> until(d -> {
                    d.navigate().refresh();
                    return d.findElement(By.id("quality")).getText().equalsIgnoreCase("PASSING");
                }));
        By rowCount = By.cssSelector("[data-check='row_count_delta:*']");
        assertThat(browser.findElement(rowCount).getText())
                .containsIgnoringCase("row_count_delta:*")
                .containsIgnoringCase("pass");
        // runs with too short a baseline are skipped without a value; those with one are points on the chart
        assertThat(browser.findElement(rowCount).findElements(By.cssSelector("svg circle")))
                .hasSizeGreaterThanOrEqualTo(2);
        // a phone's width: the same page, one column
        step("phone width", () -> browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 900)));
        assertThat(browser.findElement(By.id("owner")).isDisplayed()).isTrue();
    }

    @Test
    @Order(2)
    void aFiringAlertAppearsInTheOpenFeedWithoutReloading() throws Exception {
        step("feed open", () -> {
            browser.get(catalog.url() + "/alerts");
            until(d -> d.findElement(By.id("feed-state")).getText().startsWith("Live"));
        });
        Object marker = ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("window.meshMarker = 'same page'; return window.meshMarker;");
        assertThat(marker).isEqualTo("same page");
        try (KafkaProducer<String, QualityResultReported> pipeline = pipeline()) {
            pipeline.send(run(5, 650)); // 35 % below the week's mean: the row-count check fails, the alert fires
        }
        step(
                "alert arrived",
                () -> until(d -> d.findElements(By.cssSelector("#feed li.FIRING")).stream()
                        .anyMatch(li -> li.getText().contains(PRODUCT))));
        // no reload happened: the page's own state is still there
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.meshMarker;"))
                .isEqualTo("same page");
        String alert = browser.findElement(By.cssSelector("#feed li.FIRING")).getText();
        assertThat(alert).contains(PRODUCT, "QUALITY", "row_count_delta");
    }

    @Test
    @Order(3)
    void aConsumerRequestsAccessTheOwnerApprovesAndThePageShowsTheGrant() throws Exception {
        String page = catalog.url() + "/products/" + PRODUCT;
        // reading needs nobody; acting needs a log-in, and the form is not there before it
        step("anonymous product page", () -> browser.get(page));
        assertThat(browser.findElements(By.id("request-access"))).isEmpty();
        // carlos (team customers) logs in from the page and asks for his team
        logIn("carlos.owner");
        assertThat(browser.findElement(By.id("viewer")).getText()).isEqualTo("carlos.owner");
        assertThat(browser.getCurrentUrl()).isEqualTo(page);
        step("access requested", () -> {
            WebElement form = browser.findElement(By.id("request-access"));
            new org.openqa.selenium.support.ui.Select(form.findElement(By.name("team")))
                    .selectByVisibleText("customers");
            form.findElement(By.name("reason")).sendKeys("churn model: which customers stop ordering");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            until(ExpectedConditions.textToBePresentInElementLocated(By.id("outcome"), "PENDING"));
        });
        // he is not an owner: the waiting request has no approve button for him
        step("pending, seen by the consumer", () -> {
            browser.findElement(By.id("back")).click();
            until(d -> {
                d.navigate().refresh();
                return !d.findElements(By.cssSelector("tr.pending")).isEmpty();
            });
            scrollTo(By.id("consumers-h"));
        });
        assertThat(browser.findElements(By.cssSelector("button[name=approve]"))).isEmpty();
        // and he rates it: the rating is counted on the page
        step("rated", () -> {
            WebElement form = browser.findElement(By.id("rate"));
            new org.openqa.selenium.support.ui.Select(form.findElement(By.name("score"))).selectByVisibleText("9");
            form.findElement(By.name("comment")).sendKeys("complete and on time");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            until(ExpectedConditions.textToBePresentInElementLocated(By.id("outcome"), "your score 9"));
            browser.findElement(By.id("back")).click();
            until(d -> {
                d.navigate().refresh();
                return d.findElement(By.id("ratings")).getText().equals("1 rating, NPS 100");
            });
        });
        String sessionCookies = browser.manage().getCookies().stream()
                .filter(c -> c.getName().startsWith("q_session"))
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        assertThat(sessionCookies).as("the log-in session cookie").isNotEmpty();
        browser.quit();

        // a form posted from another site with his session is refused, and asks nothing of governance
        java.net.http.HttpResponse<String> forged = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(page + "/access-requests"))
                                .header("Cookie", sessionCookies)
                                .header("Origin", "http://evil.example")
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("team=customers&reason=x"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("not sent from this catalog");

        // sara (team sales, the owners) logs in and approves
        browser = newBrowser();
        browser.get(page);
        logIn("sara.owner");
        step("approved", () -> {
            WebElement row = browser.findElement(By.cssSelector("tr.pending"));
            assertThat(row.getText()).contains("customers", "carlos.owner");
            row.findElement(By.cssSelector("button[name=approve]")).click();
            until(ExpectedConditions.textToBePresentInElementLocated(By.id("outcome"), "APPROVED"));
        });
        step("grant shown", () -> {
            browser.findElement(By.id("back")).click();
            until(d -> {
                d.navigate().refresh();
                return d.findElements(By.cssSelector("tr.granted")).stream()
                        .anyMatch(tr -> tr.getText().startsWith("customers"));
            });
            scrollTo(By.id("consumers-h"));
        });
        assertThat(browser.findElements(By.cssSelector("tr.pending"))).isEmpty();
        // log-out ends the session here and at the provider: the page offers log-in again
        step("logged out", () -> {
            browser.findElement(By.linkText("Log out")).click();
            until(ExpectedConditions.presenceOfElementLocated(By.id("login")));
        });
        browser.get(page);
        assertThat(browser.findElements(By.id("viewer"))).isEmpty();
        assertThat(browser.findElements(By.id("request-access"))).isEmpty();
    }

    private void scrollTo(By what) {
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("arguments[0].scrollIntoView()", browser.findElement(what));
    }

    /** Clicks Log in, signs in on the identity provider's page, and comes back to the page it left. */
    private void logIn(String person) throws Exception {
        step("log in " + person, () -> {
            browser.findElement(By.id("login")).click();
            until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
            browser.findElement(By.id("username")).sendKeys(person);
            browser.findElement(By.id("password")).sendKeys(dev.meshplane.testing.IdentityProvider.LOCAL_PASSWORD);
            browser.findElement(By.id("kc-login")).click();
            until(ExpectedConditions.presenceOfElementLocated(By.id("viewer")));
        });
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs a step; a screenshot after it either way, named after the test and the step. */
    private void step(String name, Step step) throws Exception {
        try {
            step.run();
            shot(name);
        } catch (Exception | AssertionError e) {
            Path at = shot(name + " FAILED");
            throw new AssertionError(
                    name + " failed; screenshot " + at.toAbsolutePath() + "; page text:\n" + pageText(), e);
        }
    }

    private Path shot(String name) throws IOException {
        Path file = SHOTS.resolve(test + " - " + name.replaceAll("[^A-Za-z0-9 '_-]", "") + ".png");
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(file, png);
        return file;
    }

    private String pageText() {
        try {
            return browser.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(no page text: " + e.getMessage() + ")";
        }
    }

    private <T> void until(java.util.function.Function<WebDriver, T> condition) {
        new WebDriverWait(browser, WAIT)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(condition);
    }

    private static ProducerRecord<String, QualityResultReported> run(int i, long rows) {
        return new ProducerRecord<>(
                Topics.QUALITY_RESULTS.name(),
                PRODUCT,
                QualityResultReported.newBuilder()
                        .setProductId(PRODUCT)
                        .setRunId("web-run-" + i)
                        .setObservedAt(day0.plus(Duration.ofDays(i)))
                        .setRowCount(rows)
                        .setColumns(List.of(new ColumnMetrics("customer_id", 0L, null, null, null)))
                        .build());
    }

    private static KafkaProducer<String, QualityResultReported> pipeline() {
        return new KafkaProducer<>(platform.harnessAuth()
                .applyTo(ClientConfigs.avroProducer(platform.harnessBootstrap(), platform.registryUrl())));
    }
}
