package io.cardstream.infra;

import static io.cardstream.infra.Synthesized.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.lake.WarehouseLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.constructs.IConstruct;

/** The warehouse loader in Redshift: its secret, the custom resource and who reads which secret. */
class LoaderUserTest {

  private final Synthesized s = Synthesized.kinesis();
  private final WarehouseStack wh = s.stacks.warehouse();
  private final LoaderUser loader = wh.loader;
  private final String stack = wh.getStackName();
  private final Cfn cfn = new Cfn(s.json);

  private String ref(IConstruct c) {
    return "{" + stack + ":Ref:" + logicalId(c) + "}";
  }

  private String attr(IConstruct c, String attribute) {
    return "{" + stack + ":" + logicalId(c) + "." + attribute + "}";
  }

  @Test
  void theLoaderSecretIsGeneratedForTheLoaderUnderTheDataKey() {
    JsonNode secret = s.resource(loader.secret).path("Properties");
    assertThat(secret.path("Name").asText()).isEqualTo("cardstream/redshift-loader");
    assertThat(secret.has("SecretString")).isFalse();
    assertThat(secret.at("/GenerateSecretString/GenerateStringKey").asText()).isEqualTo("password");
    assertThat(secret.at("/GenerateSecretString/SecretStringTemplate").asText())
        .isEqualTo("{\"username\": \"" + WarehouseLoader.USER + "\"}");
    assertThat(cfn.resolve(stack, secret.path("KmsKeyId")))
        .isEqualTo(cfn.resolve(stack, s.resource(wh.adminSecret).at("/Properties/KmsKeyId")))
        .contains(s.stacks.base().getStackName());
  }

  @Test
  void aCustomResourceCreatesTheLoaderAsTheAdminWithTheSharedGrants() {
    JsonNode resource = s.resource(loader.user);
    assertThat(resource.path("Type").asText()).isEqualTo(LoaderUser.RESOURCE_TYPE);
    JsonNode p = resource.path("Properties");
    assertThat(cfn.resolve(stack, p.path("ServiceToken"))).isEqualTo(attr(loader.function, "Arn"));
    assertThat(p.path("UserName").asText()).isEqualTo(WarehouseLoader.USER);
    assertThat(p.path("Database").asText()).isEqualTo(Layout.REDSHIFT_DATABASE);
    assertThat(cfn.resolve(stack, p.path("WorkgroupName")))
        .isEqualTo(attr(wh.workgroup, "Workgroup.WorkgroupName"));
    assertThat(cfn.resolve(stack, p.path("AdminSecretArn"))).isEqualTo(ref(wh.adminSecret));
    assertThat(cfn.resolve(stack, p.path("LoaderSecretArn"))).isEqualTo(ref(loader.secret));
    List<String> statements = new ArrayList<>();
    p.path("Statements").forEach(x -> statements.add(cfn.resolve(stack, x)));
    String copyRole = attr(wh.copyRole, "Arn");
    assertThat(statements)
        .containsExactlyElementsOf(
            WarehouseLoader.redshiftGrants(
                WarehouseLoader.USER, Layout.REDSHIFT_DATABASE, copyRole))
        .contains("ALTER SCHEMA fraud OWNER TO cardstream_loader")
        .contains("GRANT ASSUMEROLE ON '" + copyRole + "' TO cardstream_loader FOR COPY");
    // No password, not even a dynamic reference: the function reads the secret when it runs.
    assertThat(p.toString()).doesNotContain("resolve:secretsmanager").doesNotContain("md5");
  }

  @Test
  void theFunctionRunsTheHandlerInlineWithTheTwoSecretsAndThisWorkgroupOnly() {
    // Ordered after its role by the role's GetAtt alone (a DependsOn as well fails cfn-lint).
    assertThat(s.resource(loader.function).has("DependsOn")).isFalse();
    JsonNode fn = s.resource(loader.function).path("Properties");
    assertThat(fn.at("/Code/ZipFile").asText())
        .isEqualTo(LoaderUser.handlerSource())
        .contains("cfnresponse.FAILED", "describe_statement", "hashlib.md5");
    assertThat(fn.path("Handler").asText()).isEqualTo("index.handler");
    assertThat(fn.path("Runtime").asText()).startsWith("python3.");
    Policies p = Policies.of(s, loader.role);
    assertThat(p.actions())
        .containsExactlyInAnyOrder(
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "secretsmanager:GetSecretValue",
            "kms:Decrypt",
            "redshift-data:ExecuteStatement",
            "redshift-data:DescribeStatement",
            "redshift-data:GetStatementResult");
    assertThat(p.resourcesOf("secretsmanager:GetSecretValue"))
        .containsExactlyInAnyOrder(ref(loader.secret), ref(wh.adminSecret));
    assertThat(p.resourcesOf("redshift-data:ExecuteStatement"))
        .containsExactly(attr(wh.workgroup, "Workgroup.WorkgroupArn"));
    assertThat(
            p.statementWith("redshift-data:GetStatementResult")
                .at("/Condition/StringEquals/redshift-data:statement-owner-iam-userid")
                .asText())
        .isEqualTo("${aws:userid}");
  }

  @Test
  void onlyTheDeployTimeFunctionReadsTheAdminSecretAndTheJobsReadTheLoaders() {
    String admin = ref(wh.adminSecret);
    String loaderSecret = ref(loader.secret);
    List<String> readersOfAdmin = new ArrayList<>();
    List<String> readersOfLoader = new ArrayList<>();
    for (Map.Entry<String, JsonNode> t : s.json.entrySet()) {
      t.getValue()
          .path("Resources")
          .fields()
          .forEachRemaining(
              r -> {
                JsonNode statements = r.getValue().at("/Properties/PolicyDocument/Statement");
                for (JsonNode st : statements) {
                  if (!Policies.strings(st.path("Action"))
                      .contains("secretsmanager:GetSecretValue")) {
                    continue;
                  }
                  JsonNode res = st.path("Resource");
                  List<String> resources = new ArrayList<>();
                  (res.isArray() ? res : List.of(res))
                      .forEach(x -> resources.add(cfn.resolve(t.getKey(), x)));
                  if (resources.contains(admin)) {
                    readersOfAdmin.add(t.getKey() + "/" + r.getKey());
                  }
                  if (resources.contains(loaderSecret)) {
                    readersOfLoader.add(t.getKey() + "/" + r.getKey());
                  }
                }
              });
    }
    String function =
        stack + "/" + logicalId(Iam.holder(loader.role).getNode().findChild("Policy"));
    assertThat(readersOfAdmin).containsExactly(function);
    String emr = s.stacks.emr().getStackName();
    String nodes =
        emr
            + "/"
            + logicalId(Iam.holder(s.stacks.emr().jobRole.role).getNode().findChild("Policy"));
    assertThat(readersOfLoader).containsExactlyInAnyOrder(function, nodes);
  }
}
