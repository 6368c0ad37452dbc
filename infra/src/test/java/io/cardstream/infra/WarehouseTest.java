package io.cardstream.infra;

import static io.cardstream.infra.Synthesized.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.lake.Lake;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarehouseTest {

  private final Synthesized s = Synthesized.kinesis();
  private final WarehouseStack wh = s.stacks.warehouse();
  private final BaseStack base = s.stacks.base();
  private final Cfn cfn = new Cfn(s.json);
  private final String lakeArn =
      "{" + base.getStackName() + ":" + logicalId(base.storage.lake) + ".Arn}";

  @Test
  void theCopyRoleReadsExactlyTheWarehouseStagingPrefix() {
    assertThat(Layout.warehouseStaging()).isEqualTo("lake/" + Lake.WAREHOUSE_STAGING);
    Policies p = Policies.of(s, wh.copyRole);
    assertThat(p.actions())
        .containsExactlyInAnyOrder(
            "s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "kms:Decrypt");
    assertThat(p.resourcesOf("s3:GetObject"))
        .containsExactly(lakeArn + "/lake/staging/warehouse/*");
    JsonNode list = p.statementWith("s3:ListBucket");
    assertThat(p.resources(list)).containsExactly(lakeArn);
    assertThat(Policies.strings(list.at("/Condition/StringLike/s3:prefix")))
        .containsExactly("lake/staging/warehouse/*");
    assertThat(
            p.statementWith("kms:Decrypt").at("/Condition/StringEquals/kms:ViaService").toString())
        .contains("s3.");
  }

  @Test
  void onlyRedshiftOfThisAccountAssumesTheCopyRole() {
    JsonNode trust = s.resource(wh.copyRole).at("/Properties/AssumeRolePolicyDocument/Statement/0");
    assertThat(trust.at("/Principal/Service").asText()).isEqualTo("redshift.amazonaws.com");
    assertThat(
            cfn.resolve(wh.getStackName(), trust.at("/Condition/StringEquals/aws:SourceAccount")))
        .isEqualTo("{AWS::AccountId}");
  }

  @Test
  void theNamespaceUsesTheCopyRoleTheDataKeyAndASecretPasswordNeverInTheTemplate() {
    JsonNode ns = s.resource(wh.namespace).path("Properties");
    String role = "{" + wh.getStackName() + ":" + logicalId(wh.copyRole) + ".Arn}";
    assertThat(cfn.resolve(wh.getStackName(), ns.at("/IamRoles/0"))).isEqualTo(role);
    assertThat(cfn.resolve(wh.getStackName(), ns.path("DefaultIamRoleArn"))).isEqualTo(role);
    assertThat(ns.path("AdminUsername").asText()).isEqualTo(Layout.REDSHIFT_ADMIN);
    assertThat(cfn.resolve(wh.getStackName(), ns.path("AdminUserPassword")))
        .startsWith(
            "{{resolve:secretsmanager:{" + wh.getStackName() + ":Ref:" + logicalId(wh.adminSecret))
        .endsWith(":SecretString:password::}}");
    assertThat(ns.path("KmsKeyId").has("Fn::ImportValue")).isTrue();
    assertThat(Policies.strings(ns.path("LogExports")))
        .contains("useractivitylog", "connectionlog", "userlog");
    JsonNode secret = s.resource(wh.adminSecret).path("Properties");
    assertThat(secret.has("SecretString")).isFalse();
    assertThat(secret.at("/GenerateSecretString/GenerateStringKey").asText()).isEqualTo("password");
    assertThat(secret.at("/GenerateSecretString/SecretStringTemplate").asText())
        .contains(Layout.REDSHIFT_ADMIN);
  }

  @Test
  void theWorkgroupIsPrivateTlsOnlyAndCopiesThroughTheVpc() {
    JsonNode wg = s.resource(wh.workgroup).path("Properties");
    assertThat(wg.path("PubliclyAccessible").asBoolean()).isFalse();
    assertThat(wg.path("EnhancedVpcRouting").asBoolean()).isTrue();
    assertThat(wg.path("SubnetIds")).hasSize(3);
    Map<String, String> params = new HashMap<>();
    wg.path("ConfigParameters")
        .forEach(
            p -> params.put(p.path("ParameterKey").asText(), p.path("ParameterValue").asText()));
    assertThat(params).containsEntry("require_ssl", "true");
    assertThat(cfn.output(wh.getStackName(), "RedshiftJdbcUrl"))
        .isEqualTo(
            "jdbc:redshift://{"
                + wh.getStackName()
                + ":"
                + logicalId(wh.workgroup)
                + ".Workgroup.Endpoint.Address}:5439/"
                + Layout.REDSHIFT_DATABASE);
  }
}
