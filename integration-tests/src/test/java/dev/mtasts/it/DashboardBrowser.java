package dev.mtasts.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver, both named explicitly so that
 * Selenium never looks for or downloads a driver. {@code .ci/run} installs the packages. Not thread-safe.
 */
final class DashboardBrowser implements AutoCloseable {
    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private DashboardBrowser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    static DashboardBrowser open() {
        assertThat(CHROMIUM.canExecute()).as("/usr/bin/chromium: apt-get install chromium (.ci/run does)").isTrue();
        assertThat(CHROMEDRIVER.canExecute()).as("/usr/bin/chromedriver: apt-get install chromium-driver (.ci/run does)")
            .isTrue();
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
            .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=1280,2400", "--hide-scrollbars", "--no-first-run", "--disable-extensions");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        try {
            return new DashboardBrowser(service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    /** Opens {@code url} and waits until the page says its data is drawn. */
    void load(String url) throws Exception {
        driver.get(url);
        Eventually.await("the page's data drawn", () -> driver.findElement(By.tagName("body")).getAttribute("data-ready"),
            ready -> ready != null && !ready.isEmpty());
        assertThat(driver.findElement(By.tagName("body")).getAttribute("data-ready"))
            .as("the page's data: " + driver.findElement(By.id("range")).getText()).isEqualTo("true");
    }

    int canvasCount(String container) {
        return count(container + " canvas");
    }

    int count(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    /** The series labels of the uPlot legend under {@code container}. */
    List<String> legend(String container) {
        return texts(container + " .u-legend .u-series .u-label");
    }

    List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).collect(Collectors.toList());
    }

    String attribute(String css, String name) {
        return driver.findElement(By.cssSelector(css)).getAttribute(name);
    }

    /** Console errors, failed loads and Content-Security-Policy violations. */
    List<String> severeLogEntries() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::toString).collect(Collectors.toList());
    }

    /** A PNG of the whole window, written to {@code file}. */
    Path screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        long height = (Long) driver.executeScript("return Math.ceil(document.documentElement.scrollHeight);");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, (int) Math.min(4000, height + 20)));
        return Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
