package io.cardstream.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.wafv2.CfnLoggingConfiguration;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * The web ACL in front of the collector's load balancer: a rate limit per client address on every
 * request, a tighter one on the customers' feedback links ({@code /feedback}, reached without an
 * API key), and AWS's known-bad-input rules. The collector limits per key and address itself too
 * (--rate, --feedback-per-minute); this stops a flood before it reaches a task. Logged to
 * CloudWatch.
 */
final class CollectorWaf extends Construct {

  /** Requests per client address in {@link #WINDOW_SECONDS}, any path. */
  static final int ALL_LIMIT = 3000;

  /** Requests per client address in {@link #WINDOW_SECONDS} under /feedback. */
  static final int FEEDBACK_LIMIT = 100;

  static final int WINDOW_SECONDS = 300;

  static final String FEEDBACK_PATH = "/feedback";

  final CfnWebACL acl;

  CollectorWaf(Construct scope, String id, String loadBalancerArn, IKey key) {
    super(scope, id);
    List<CfnWebACL.RuleProperty> rules = new ArrayList<>();
    rules.add(rateRule("feedback-per-ip", 0, FEEDBACK_LIMIT, feedbackPaths()));
    rules.add(rateRule("all-per-ip", 1, ALL_LIMIT, null));
    rules.add(
        CfnWebACL.RuleProperty.builder()
            .name("aws-known-bad-inputs")
            .priority(2)
            .overrideAction(
                CfnWebACL.OverrideActionProperty.builder().none(java.util.Map.of()).build())
            .statement(
                CfnWebACL.StatementProperty.builder()
                    .managedRuleGroupStatement(
                        CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                            .vendorName("AWS")
                            .name("AWSManagedRulesKnownBadInputsRuleSet")
                            .build())
                    .build())
            .visibilityConfig(visibility("aws-known-bad-inputs"))
            .build());
    acl =
        CfnWebACL.Builder.create(this, "Acl")
            .name(Layout.NAME + "-collector")
            .description(
                "cardstream collector - rate limits per client address, tighter under /feedback")
            .scope("REGIONAL")
            .defaultAction(
                CfnWebACL.DefaultActionProperty.builder()
                    .allow(CfnWebACL.AllowActionProperty.builder().build())
                    .build())
            .rules(rules)
            .visibilityConfig(visibility(Layout.NAME + "-collector"))
            .build();
    CfnWebACLAssociation.Builder.create(this, "Association")
        .resourceArn(loadBalancerArn)
        .webAclArn(acl.getAttrArn())
        .build();
    // WAF delivers only to log groups named aws-waf-logs-*, and takes their ARN without ":*".
    String logGroupName = "aws-waf-logs-" + Layout.NAME + "-collector";
    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .logGroupName(logGroupName)
            .retention(RetentionDays.ONE_YEAR)
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    CfnLoggingConfiguration logging =
        CfnLoggingConfiguration.Builder.create(this, "Logging")
            .resourceArn(acl.getAttrArn())
            .logDestinationConfigs(
                List.of(
                    Stack.of(this)
                        .formatArn(
                            ArnComponents.builder()
                                .service("logs")
                                .resource("log-group")
                                .resourceName(logGroupName)
                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                .build())))
            .build();
    logging.getNode().addDependency(logs);
  }

  private static CfnWebACL.RuleProperty rateRule(
      String name, int priority, int limit, CfnWebACL.StatementProperty scopeDown) {
    return CfnWebACL.RuleProperty.builder()
        .name(name)
        .priority(priority)
        .action(
            CfnWebACL.RuleActionProperty.builder()
                .block(CfnWebACL.BlockActionProperty.builder().build())
                .build())
        .statement(
            CfnWebACL.StatementProperty.builder()
                .rateBasedStatement(
                    CfnWebACL.RateBasedStatementProperty.builder()
                        .limit(limit)
                        .evaluationWindowSec(WINDOW_SECONDS)
                        .aggregateKeyType("IP")
                        .scopeDownStatement(scopeDown)
                        .build())
                .build())
        .visibilityConfig(visibility(name))
        .build();
  }

  /** URI paths starting with /feedback: the links' pages and their answers. */
  private static CfnWebACL.StatementProperty feedbackPaths() {
    return CfnWebACL.StatementProperty.builder()
        .byteMatchStatement(
            CfnWebACL.ByteMatchStatementProperty.builder()
                .fieldToMatch(
                    CfnWebACL.FieldToMatchProperty.builder().uriPath(java.util.Map.of()).build())
                .positionalConstraint("STARTS_WITH")
                .searchString(FEEDBACK_PATH)
                .textTransformations(
                    List.of(
                        CfnWebACL.TextTransformationProperty.builder()
                            .priority(0)
                            .type("LOWERCASE")
                            .build()))
                .build())
        .build();
  }

  private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
    return CfnWebACL.VisibilityConfigProperty.builder()
        .cloudWatchMetricsEnabled(true)
        .metricName(metric)
        .sampledRequestsEnabled(true)
        .build();
  }
}
