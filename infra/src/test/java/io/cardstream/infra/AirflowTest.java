package io.cardstream.infra;

import static io.cardstream.infra.Synthesized.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AirflowTest {

  private final Synthesized s = Synthesized.kinesis();
  private final AirflowStack af = s.stacks.airflow();
  private final BaseStack base = s.stacks.base();
  private final Cfn cfn = new Cfn(s.json);
  private final JsonNode env = s.resource(af.environment).path("Properties");

  /** Parameter name -> resolved value of every SSM parameter of the stack. */
  private Map<String, String> parameters() {
    Map<String, String> p = new TreeMap<>();
    s.json(af)
        .path("Resources")
        .forEach(
            r -> {
              if (r.path("Type").asText().equals("AWS::SSM::Parameter")) {
                p.put(
                    r.at("/Properties/Name").asText(),
                    cfn.resolve(af.getStackName(), r.at("/Properties/Value")));
              }
            });
    return p;
  }

  @Test
  void mwaaRunsAirflow3OnTheDagsPrefixPrivately() {
    assertThat(env.path("AirflowVersion").asText()).startsWith("3.");
    assertThat(env.path("DagS3Path").asText()).isEqualTo(Layout.DAGS);
    assertThat(cfn.resolve(af.getStackName(), env.path("SourceBucketArn")))
        .isEqualTo("{" + base.getStackName() + ":" + logicalId(base.storage.artifacts) + ".Arn}");
    assertThat(env.path("WebserverAccessMode").asText()).isEqualTo("PRIVATE_ONLY");
    assertThat(env.at("/NetworkConfiguration/SubnetIds")).hasSize(2);
    for (String log :
        new String[] {
          "DagProcessingLogs", "SchedulerLogs", "TaskLogs", "WebserverLogs", "WorkerLogs"
        }) {
      assertThat(env.at("/LoggingConfiguration/" + log + "/Enabled").asBoolean()).as(log).isTrue();
    }
  }

  @Test
  void theDagsReadTheirVariablesAndConnectionFromParameterStore() throws Exception {
    JsonNode options = env.path("AirflowConfigurationOptions");
    assertThat(options.path("secrets.backend").asText()).isEqualTo(AirflowStack.SECRETS_BACKEND);
    JsonNode kwargs = new ObjectMapper().readTree(options.path("secrets.backend_kwargs").asText());
    assertThat(kwargs.path("variables_prefix").asText()).isEqualTo(Layout.AIRFLOW_VARIABLES);
    assertThat(kwargs.path("connections_prefix").asText()).isEqualTo(Layout.AIRFLOW_CONNECTIONS);
    Map<String, String> params = parameters();
    af.variables
        .keySet()
        .forEach(v -> assertThat(params).containsKey(AirflowStack.variableParameter(v)));
    assertThat(params)
        .containsEntry(
            Layout.AIRFLOW_CONNECTIONS + "/aws_default", "aws://?region_name={AWS::Region}")
        .hasSize(af.variables.size() + 1);
  }

  @Test
  void theWarehouseLoadRunsAsTheLoaderWithItsSecretNotTheAdmin() {
    WarehouseStack wh = s.stacks.warehouse();
    Map<String, String> params = parameters();
    assertThat(params)
        .containsEntry(AirflowStack.variableParameter("redshift_user"), "cardstream_loader")
        .containsEntry(
            AirflowStack.variableParameter("redshift_secret_id"),
            "{" + wh.getStackName() + ":Ref:" + logicalId(wh.loader.secret) + "}");
    assertThat(cfn.output(wh.getStackName(), "RedshiftUser")).isEqualTo("cardstream_loader");
  }

  @Test
  void mwaaLogGroupsHaveTheNamesMwaaWritesAndARetention() {
    var groups = s.template(af).findResources("AWS::Logs::LogGroup");
    assertThat(groups).hasSize(AirflowStack.LOG_TYPES.size());
    assertThat(groups.values())
        .extracting(g -> (Object) ((Map<?, ?>) g.get("Properties")).get("LogGroupName"))
        .containsExactlyInAnyOrderElementsOf(
            AirflowStack.LOG_TYPES.stream()
                .map(t -> (Object) ("airflow-cardstream-" + t))
                .toList());
  }

  @Test
  void theExecutionRoleAddsStepsToOurClusterAndPublishesToOurTopicOnly() {
    Policies p = Policies.of(s, af.executionRole);
    String emr = s.stacks.emr().getStackName();
    assertThat(p.resourcesOf("elasticmapreduce:AddJobFlowSteps"))
        .containsExactly(
            "arn:{AWS::Partition}:elasticmapreduce:{AWS::Region}:{AWS::AccountId}:cluster/{"
                + emr
                + ":Ref:"
                + logicalId(s.stacks.emr().cluster)
                + "}");
    assertThat(p.resourcesOf("sns:Publish"))
        .containsExactly(
            "{" + base.getStackName() + ":Ref:" + logicalId(base.alerting.topic) + "}");
    assertThat(p.resourcesOf("ssm:GetParameter"))
        .allSatisfy(
            r ->
                assertThat(r)
                    .matches(
                        ".*:parameter("
                            + Layout.AIRFLOW_VARIABLES
                            + "|"
                            + Layout.AIRFLOW_CONNECTIONS
                            + ")/\\*"));
    assertThat(p.actions()).noneMatch(a -> a.endsWith(":*") || a.equals("*"));
  }
}
