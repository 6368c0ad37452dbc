package io.cardstream.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which bin/test
 * installs), through Selenium with the system's chromedriver: no driver or browser is downloaded.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  final ChromeDriver driver;
  private final Path screenshots;

  Browser(Path screenshots) throws Exception {
    this.screenshots = Files.createDirectories(screenshots);
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException(
          "the browser tests need Debian's chromium and chromium-driver: apt-get install -y"
              + " --no-install-recommends chromium chromium-driver (bin/test does)");
    }
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-extensions",
        "--no-first-run",
        "--window-size=1360,1800",
        "--lang=en-US");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, o);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  void open(String url) {
    driver.get(url);
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> "complete".equals(js("return document.readyState")));
  }

  /** Waits until the page that held {@code old} was replaced (a form's answer) and has loaded. */
  void waitForNewPage(WebElement old) {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.stalenessOf(old));
    wait.until(d -> "complete".equals(js("return document.readyState")));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The browser's console errors since the last call (JS errors, failed loads, CSP refusals). */
  List<String> errors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  /**
   * Every chart on the page was drawn by Chart.js with data, and its canvas has painted pixels.
   *
   * @return the number of charts
   */
  int assertChartsRendered() {
    List<WebElement> canvases = all("canvas[data-chart]");
    for (WebElement c : canvases) {
      String id = c.getAttribute("id");
      assertThat(c.getAttribute("data-rendered")).as("chart %s drawn", id).isEqualTo("true");
      Number values =
          (Number)
              js(
                  "var ch = Chart.getChart(arguments[0]); if (!ch) return -1; var n = 0;"
                      + " ch.data.datasets.forEach(function (d) { d.data.forEach(function (v) {"
                      + " if (v !== null && v !== 0) n++; }); }); return n;",
                  c);
      assertThat(values.intValue()).as("chart %s has non-zero values", id).isPositive();
      Number painted =
          (Number)
              js(
                  "var c = arguments[0]; var d = c.getContext('2d').getImageData(0, 0, c.width,"
                      + " c.height).data; var n = 0; for (var i = 3; i < d.length; i += 4) { if"
                      + " (d[i] !== 0) n++; } return n;",
                  c);
      assertThat(painted.intValue()).as("chart %s has painted pixels", id).isGreaterThan(500);
    }
    return canvases.size();
  }

  /** A PNG of the whole page (not only the window). */
  Path screenshot(String name) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    double w = ((Number) size.get("width")).doubleValue();
    double h = Math.min(12_000, ((Number) size.get("height")).doubleValue());
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", 0, "y", 0, "width", w, "height", h, "scale", 1)));
    Path out = screenshots.resolve(name + ".png");
    Files.write(out, Base64.getDecoder().decode((String) shot.get("data")));
    return out;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
