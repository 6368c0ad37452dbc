package io.cardstream.common.registry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The model registry's layout: the one description that training (which writes it through {@link
 * ModelRegistry}, on any Hadoop file system), the stream and the console (which reads it with plain
 * file paths and has no Hadoop) share.
 *
 * <pre>
 * &lt;root&gt;/CHAMPION                  the promoted version's name
 * &lt;root&gt;/CHALLENGER                the version the stream scores in the shadow
 * &lt;root&gt;/&lt;version&gt;/model             the MLlib PipelineModel
 * &lt;root&gt;/&lt;version&gt;/metrics.json      {@link ModelMetrics}
 * &lt;root&gt;/&lt;version&gt;/profile.json      the training rows' FeatureProfile (the stream's drift reference)
 * &lt;root&gt;/&lt;version&gt;/calibration.json  the map from the model's raw score to a probability
 * &lt;root&gt;/&lt;version&gt;/report/           report.md, pr_curve.png, roc_curve.png, model-card.md/.html
 * </pre>
 */
public final class RegistryLayout {

  /** A file at the root that holds the name of the version it points at. */
  public enum Pointer {
    /** The promoted version: the stream decides with it. */
    CHAMPION,
    /** The version the stream scores in the shadow, beside the champion. */
    CHALLENGER;

    /** The pointer's file at the registry root. */
    public String file() {
      return name();
    }
  }

  /** A file of a version's {@value #REPORT} directory. */
  public enum ReportFile {
    MARKDOWN("report.md"),
    PR_CURVE("pr_curve.png"),
    ROC_CURVE("roc_curve.png"),
    /** The model card, for a model-risk reviewer. */
    MODEL_CARD("model-card.md"),
    /** The model card as a page the console links. */
    MODEL_CARD_HTML("model-card.html");

    private final String fileName;

    ReportFile(String fileName) {
      this.fileName = fileName;
    }

    public String fileName() {
      return fileName;
    }

    /** Relative to the version's directory. */
    public String path() {
      return REPORT + "/" + fileName;
    }

    /** The report's image of that name, if it is one: the images a reader may serve. */
    public static Optional<ReportFile> curve(String fileName) {
      return Stream.of(PR_CURVE, ROC_CURVE).filter(f -> f.fileName.equals(fileName)).findFirst();
    }
  }

  public static final String MODEL = "model";
  public static final String METRICS = "metrics.json";
  public static final String PROFILE = "profile.json";

  /** {@link io.cardstream.common.risk.Calibrator}: the stream's score is the calibrated one. */
  public static final String CALIBRATION = io.cardstream.common.risk.Calibrator.FILE;

  public static final String REPORT = "report";

  /** A version is a directory name, never a path. */
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private RegistryLayout() {}

  public static boolean isVersion(String name) {
    return name != null && VERSION.matcher(name).matches();
  }

  /** The name of a version created at {@code t}: {@code vyyyyMMdd-HHmmss} (UTC). */
  public static String versionName(Instant t) {
    return "v" + VERSION_TIME.format(t);
  }
}
