package io.cardstream.common.decision;

import java.io.Serializable;
import java.util.List;

/**
 * The outcome for one transaction.
 *
 * @param decision APPROVE, REVIEW or DECLINE
 * @param reasons fired rule ids and the model's score band (or {@code model:none})
 * @param ruleIds the ids of the rules that fired
 * @param modelVersion the model that scored it, or {@code none}
 * @param rulesVersion the rules file version
 */
public record Decision(
    String decision,
    List<String> reasons,
    List<String> ruleIds,
    String modelVersion,
    String rulesVersion)
    implements Serializable {

  public static final String APPROVE = "APPROVE";
  public static final String REVIEW = "REVIEW";
  public static final String DECLINE = "DECLINE";
}
