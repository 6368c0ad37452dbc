package io.cardstream.ingest;

import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.control.Flags;
import io.cardstream.common.decision.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The control topics in memory: what was published, in order. */
final class MemoryControlPlane implements ControlPlane {

  final List<FlagEvent> published = new ArrayList<>();
  final List<String> rules = new ArrayList<>();

  @Override
  public synchronized void publish(FlagEvent event) {
    published.add(event);
  }

  @Override
  public synchronized RuleSet publishRules(String document, String source) {
    RuleSet r = RuleSet.parse(document, source);
    rules.add(document);
    return r;
  }

  @Override
  public synchronized Map<String, FlagEvent> flags() {
    Map<String, FlagEvent> m = new HashMap<>();
    published.forEach(e -> Flags.apply(m, e.cardId(), e.toJson()));
    return m;
  }

  @Override
  public synchronized String rulesDocument() {
    return rules.isEmpty() ? null : rules.get(rules.size() - 1);
  }
}
