package io.cardstream.infra;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The HTTP collector: its ECS Fargate service behind the load balancer and the WAF web ACL.
 * Deployed after its image is pushed to the base stack's repository (docs/deploy.md).
 */
final class CollectorStack extends Stack {

  final CollectorService collector;
  final CollectorWaf waf;

  CollectorStack(Construct scope, String id, InfraConfig config, BaseStack base) {
    super(
        scope,
        id,
        StackProps.builder()
            .description("cardstream collector: ECS Fargate behind a load balancer and WAF")
            .build());
    collector = new CollectorService(this, "Collector", config, base);
    waf = new CollectorWaf(this, "Waf", collector.loadBalancer.getLoadBalancerArn(), base.key);
    Outputs.add(
        this,
        "CollectorUrl",
        "https://" + collector.loadBalancer.getLoadBalancerDnsName(),
        "point the collector's DNS name (the certificate's) here");
  }
}
