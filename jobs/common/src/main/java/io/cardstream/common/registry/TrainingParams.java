package io.cardstream.common.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.json.JsonFields;
import java.time.LocalDate;
import java.util.List;

/**
 * How a model was trained: the {@code params} block of metrics.json.
 *
 * @param stepSize the learning rate (null in documents from before it was an option)
 * @param positiveWeight the weight of a fraud row in the fit (sqrt(negatives / positives))
 * @param splitDate the first day of the test period; null when the test rows came from test inputs
 */
public record TrainingParams(
    String algorithm,
    int maxIter,
    int maxDepth,
    Double stepSize,
    long seed,
    double positiveWeight,
    String format,
    List<String> inputs,
    List<String> testInputs,
    LocalDate splitDate) {

  public TrainingParams {
    inputs = List.copyOf(inputs);
    testInputs = List.copyOf(testInputs);
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonFields.object();
    n.put("algorithm", algorithm);
    n.put("max_iter", maxIter);
    n.put("max_depth", maxDepth);
    JsonFields.putIfPresent(n, "step_size", stepSize);
    n.put("seed", seed);
    n.put("positive_weight", positiveWeight);
    n.put("format", format);
    JsonFields.putStrings(n, "inputs", inputs);
    JsonFields.putStrings(n, "test_inputs", testInputs);
    JsonFields.putIfPresent(n, "split_date", splitDate == null ? null : splitDate.toString());
    return n;
  }

  public static TrainingParams fromJson(JsonNode n) {
    String split = JsonFields.text(n, "split_date");
    return new TrainingParams(
        JsonFields.text(n, "algorithm"),
        n.path("max_iter").asInt(),
        n.path("max_depth").asInt(),
        JsonFields.optionalNumber(n, "step_size"),
        n.path("seed").asLong(),
        JsonFields.number(n, "positive_weight"),
        JsonFields.text(n, "format"),
        JsonFields.strings(n.path("inputs")),
        JsonFields.strings(n.path("test_inputs")),
        split == null ? null : LocalDate.parse(split));
  }
}
