package io.cardstream.infra;

import static io.cardstream.infra.Synthesized.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.streaming.loop.NotifierConfig;
import io.cardstream.streaming.loop.NotifierJob;
import io.cardstream.streaming.loop.SesMailer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The notifier on the cluster: its step, what its job makes of it, and its role's SES grant. */
class NotifierDeployTest {

  private final Synthesized s = Synthesized.kinesis();
  private final EmrStack emr = s.stacks.emr();
  private final BaseStack base = s.stacks.base();
  private final Cfn cfn = new Cfn(s.json);

  private List<String> args() {
    JsonNode step = EmrTest.step(s, Layout.NOTIFIER_STEP_NAME);
    assertThat(step.path("ActionOnFailure").asText()).isEqualTo("CONTINUE");
    List<String> out = new ArrayList<>();
    step.at("/HadoopJarStep/Args").forEach(a -> out.add(cfn.resolve(emr.getStackName(), a)));
    return out;
  }

  @Test
  void theNotifierStepRunsTheNotifierJobThroughSesWithoutSmtpCredentials() {
    List<String> all = args();
    assertThat(all.subList(0, 6))
        .containsExactly(
            "spark-submit",
            "--deploy-mode",
            "cluster",
            "--class",
            Layout.NOTIFIER_MAIN_CLASS,
            cfn.output(base.getStackName(), "JarsUri") + "/" + Layout.STREAM_JAR);
    List<String> jobArgs = all.subList(6, all.size());
    assertThat(jobArgs).noneMatch(a -> a.startsWith("--smtp"));

    NotifierJob job = new NotifierJob();
    new CommandLine(job).parseArgs(jobArgs.toArray(String[]::new));
    NotifierConfig c = job.config();
    assertThat(c.mail()).isInstanceOf(SesMailer.Settings.class);
    SesMailer.Settings ses = (SesMailer.Settings) c.mail();
    assertThat(ses.from()).isEqualTo(s.config.senderEmail());
    assertThat(ses.endpoint()).isNull();
    assertThat(ses.region()).isEqualTo("{AWS::Region}");
    assertThat(c.feedbackBaseUrl()).isEqualTo(s.config.feedbackBaseUrl());
    assertThat(c.checkpoint()).endsWith("/" + Layout.NOTIFIER_CHECKPOINT);
    assertThat(c.dynamodb().tablePrefix()).isEqualTo(Layout.DYNAMODB_TABLE_PREFIX);
  }

  @Test
  void theNodesMaySendAsTheSenderIdentityOnlyAndUseTheNotifiersTables() {
    Policies p = Policies.of(s, emr.jobRole.role);
    assertThat(p.resourcesOf("ses:SendEmail"))
        .containsExactly(
            "arn:{AWS::Partition}:ses:{AWS::Region}:{AWS::AccountId}:identity/"
                + s.config.senderEmail());
    assertThat(p.actions()).noneMatch(a -> a.startsWith("ses:") && !a.equals("ses:SendEmail"));
    assertThat(p.resourcesOf("dynamodb:BatchGetItem")).containsExactly(arn(DynamoTables.CONTACTS));
    assertThat(p.resourcesOf("dynamodb:UpdateItem"))
        .containsExactly(arn(DynamoTables.ALERT_NOTIFICATIONS));
  }

  private String arn(String table) {
    return "{" + base.getStackName() + ":" + logicalId(base.tables.byName.get(table)) + ".Arn}";
  }
}
