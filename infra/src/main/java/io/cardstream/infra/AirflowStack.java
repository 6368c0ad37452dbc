package io.cardstream.infra;

import io.cardstream.common.lake.WarehouseLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.CompositePrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.mwaa.CfnEnvironment;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * MWAA for airflow-dags/ (DAGs from the artifacts bucket's dags/ prefix), its execution role, and
 * the Airflow Variables the DAGs read, as Parameter Store parameters behind Airflow's Systems
 * Manager secrets backend: declared here, so a redeploy sets them and nothing is typed in the UI.
 */
final class AirflowStack extends Stack {

  static final String ENVIRONMENT_CLASS = "mw1.small";

  /** The log groups MWAA writes, created here so their retention is set. */
  static final List<String> LOG_TYPES =
      List.of("DAGProcessing", "Scheduler", "Task", "WebServer", "Worker");

  static final String SECRETS_BACKEND =
      "airflow.providers.amazon.aws.secrets.systems_manager.SystemsManagerParameterStoreBackend";

  /** Variable name (without the {@code cardstream_} prefix) -> value. */
  final Map<String, String> variables;

  final CfnEnvironment environment;
  final Role executionRole;

  AirflowStack(
      Construct scope,
      String id,
      InfraConfig config,
      BaseStack base,
      WarehouseStack warehouse,
      EmrStack emr) {
    super(
        scope,
        id,
        StackProps.builder()
            .description("cardstream Airflow: MWAA, its role, the DAGs' Variables")
            .build());
    variables = variables(config, base, warehouse, emr);
    variables.forEach(
        (name, value) ->
            StringParameter.Builder.create(this, "Var_" + name)
                .parameterName(variableParameter(name))
                .description("Airflow Variable cardstream_" + name)
                .stringValue(value)
                .build());
    // The DAGs' aws_conn_id: no keys, so the hooks use the execution role, in this region.
    StringParameter.Builder.create(this, "AwsDefaultConnection")
        .parameterName(Layout.AIRFLOW_CONNECTIONS + "/aws_default")
        .description("Airflow connection aws_default (the execution role)")
        .stringValue("aws://?region_name=" + Aws.REGION)
        .build();

    List<LogGroup> logs = new ArrayList<>();
    for (String type : LOG_TYPES) {
      logs.add(
          LogGroup.Builder.create(this, "Logs" + type)
              .logGroupName("airflow-" + Layout.NAME + "-" + type)
              .retention(RetentionDays.ONE_YEAR)
              .encryptionKey(base.key)
              .removalPolicy(RemovalPolicy.DESTROY)
              .build());
    }

    executionRole =
        Iam.role(
            this,
            "Execution",
            "cardstream MWAA execution role: the DAGs' AWS calls",
            new CompositePrincipal(
                new ServicePrincipal("airflow.amazonaws.com"),
                new ServicePrincipal("airflow-env.amazonaws.com")),
            AirflowRolePolicy.statements(base, emr, logs));
    AirflowRolePolicy.suppressFindings(executionRole);

    environment =
        CfnEnvironment.Builder.create(this, "Environment")
            .name(Layout.NAME)
            .airflowVersion(config.airflowVersion())
            .environmentClass(ENVIRONMENT_CLASS)
            .minWorkers(1)
            .maxWorkers(2)
            .schedulers(2)
            .executionRoleArn(executionRole.getRoleArn())
            .sourceBucketArn(base.storage.artifacts.getBucketArn())
            .dagS3Path(Layout.DAGS)
            .webserverAccessMode("PRIVATE_ONLY")
            .networkConfiguration(
                CfnEnvironment.NetworkConfigurationProperty.builder()
                    // MWAA takes exactly two private subnets.
                    .subnetIds(base.network.privateSubnetIds().subList(0, 2))
                    .securityGroupIds(List.of(base.network.airflow.getSecurityGroupId()))
                    .build())
            .airflowConfigurationOptions(
                Ordered.map(
                    "secrets.backend",
                    SECRETS_BACKEND,
                    "secrets.backend_kwargs",
                    "{\"variables_prefix\": \""
                        + Layout.AIRFLOW_VARIABLES
                        + "\", \"connections_prefix\": \""
                        + Layout.AIRFLOW_CONNECTIONS
                        + "\"}"))
            .loggingConfiguration(
                CfnEnvironment.LoggingConfigurationProperty.builder()
                    .dagProcessingLogs(logging("WARNING"))
                    .schedulerLogs(logging("WARNING"))
                    .taskLogs(logging("INFO"))
                    .webserverLogs(logging("WARNING"))
                    .workerLogs(logging("WARNING"))
                    .build())
            .build();
    logs.forEach(l -> environment.getNode().addDependency(l));

    Outputs.add(
        this,
        "WebserverUrl",
        environment.getAttrWebserverUrl(),
        "Airflow UI (private: reach it from the VPC, or use aws mwaa invoke-rest-api)");
    Outputs.add(
        this, "VariablesPrefix", Layout.AIRFLOW_VARIABLES, "Parameter Store path of the Variables");
  }

  /** The Parameter Store name of Airflow Variable {@code cardstream_<name>}. */
  static String variableParameter(String name) {
    return Layout.AIRFLOW_VARIABLES + "/cardstream_" + name;
  }

  /**
   * The Variables the DAGs read in EMR mode (airflow-dags/README.md), from the same values the EMR
   * step was built with, so the watchdog re-adds exactly the stream the cluster started.
   */
  static Map<String, String> variables(
      InfraConfig config, BaseStack base, WarehouseStack warehouse, EmrStack emr) {
    StreamStep step = emr.streamStep;
    Map<String, String> v = new LinkedHashMap<>();
    v.put("cluster_id", emr.cluster.getRef());
    v.put("jars_uri", step.jarsUri());
    v.put("lake", step.lakeRoot());
    v.put("registry", step.registry());
    v.put("redshift_jdbc_url", warehouse.jdbcUrl());
    // The loader, owner of schema fraud: never the admin.
    v.put("redshift_user", WarehouseLoader.USER);
    v.put("redshift_iam_role", warehouse.copyRole.getRoleArn());
    v.put("redshift_secret_id", warehouse.loader.secret.getSecretArn());
    v.put("region", step.region());
    v.put("stream_checkpoint", step.checkpoint());
    // The watchdog restarts the stream on the deployment's input.
    v.put("source", step.source());
    if (config.kinesis()) {
      v.put("kinesis_stream", step.kinesisStream());
    }
    v.put("kafka_bootstrap", step.kafkaBootstrap());
    v.put("delta_log_table", step.deltaLogTable());
    v.put("sns_topic_arn", base.alerting.topic.getTopicArn());
    return v;
  }

  private static CfnEnvironment.ModuleLoggingConfigurationProperty logging(String level) {
    return CfnEnvironment.ModuleLoggingConfigurationProperty.builder()
        .enabled(true)
        .logLevel(level)
        .build();
  }
}
