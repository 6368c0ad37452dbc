package io.cardstream.ingest;

import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.decision.RuleSet;
import java.util.Map;

/**
 * The control plane the admin routes drive: {@link ControlTopics} on the real topics, an in-memory
 * one in unit tests. Publishing methods return only after the broker acknowledged.
 */
public interface ControlPlane {

  void publish(FlagEvent event);

  /**
   * @throws IllegalArgumentException when the document is not valid rules (nothing published)
   */
  RuleSet publishRules(String document, String source);

  /** Cards flagged now, by token. */
  Map<String, FlagEvent> flags();

  /** The rules document in force on the topic, or null when none was published. */
  String rulesDocument();

  /** The control topics of the broker at {@code bootstrap}. */
  static ControlPlane of(ControlTopics topics) {
    return new ControlPlane() {
      @Override
      public void publish(FlagEvent event) {
        topics.publish(event);
      }

      @Override
      public RuleSet publishRules(String document, String source) {
        return topics.publishRules(document, source);
      }

      @Override
      public Map<String, FlagEvent> flags() {
        return topics.flags();
      }

      @Override
      public String rulesDocument() {
        return topics.rulesDocument();
      }
    };
  }
}
