package io.cardstream.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.PCIDSS321Checks;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;

/**
 * The CDK app: five environment-agnostic stacks (account and region come from the credentials
 * {@code cdk deploy} runs with), checked by cdk-nag's AwsSolutions and PCI DSS 3.2.1 packs on every
 * synth. {@code main} is the entry point of infra/cdk.json for the cdk CLI; {@link Synth} runs the
 * same app offline for {@code bin/cardstream infra synth}.
 */
public final class CardstreamApp {

  /**
   * Feature flags the stacks rely on, whatever cdk.json says. Server access logs are delivered
   * under a bucket policy, not an ACL, which buckets with ACLs disabled (BucketOwnerEnforced)
   * refuse.
   */
  static final Map<String, Object> FLAGS =
      Map.of("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);

  /** The stacks, in deploy order; {@code collector} is null without its certificate. */
  public record Stacks(
      BaseStack base,
      WarehouseStack warehouse,
      EmrStack emr,
      AirflowStack airflow,
      CollectorStack collector) {
    public List<Stack> all() {
      return Stream.of(base, warehouse, emr, airflow, collector)
          .filter(Objects::nonNull)
          .map(Stack.class::cast)
          .toList();
    }
  }

  private CardstreamApp() {}

  /** An app with {@code context} (the user's) over the flags, writing to {@code outdir}. */
  public static App app(Map<String, Object> context, String outdir) {
    Map<String, Object> c = new LinkedHashMap<>(FLAGS);
    c.putAll(context);
    AppProps.Builder props = AppProps.builder().context(c);
    if (outdir != null) {
      props.outdir(outdir);
    }
    return new App(props.build());
  }

  /** Defines the stacks on {@code app} and adds the cdk-nag checks. */
  public static Stacks define(App app, Path repo) {
    InfraConfig config = InfraConfig.fromContext(k -> app.getNode().tryGetContext(k));
    BaseStack base = new BaseStack(app, "CardstreamBase", config, repo);
    WarehouseStack warehouse = new WarehouseStack(app, "CardstreamWarehouse", base);
    EmrStack emr = new EmrStack(app, "CardstreamEmr", config, base, warehouse);
    AirflowStack airflow = new AirflowStack(app, "CardstreamAirflow", config, base, warehouse, emr);
    CollectorStack collector =
        config.collector() ? new CollectorStack(app, "CardstreamCollector", config, base) : null;
    NagPackProps verbose = NagPackProps.builder().verbose(true).reports(false).build();
    Aspects.of(app).add(new AwsSolutionsChecks(verbose));
    Aspects.of(app).add(new PCIDSS321Checks(verbose));
    return new Stacks(base, warehouse, emr, airflow, collector);
  }

  public static void main(String[] args) {
    App app = app(Map.of(), null);
    define(app, Repo.root());
    app.synth();
  }
}
