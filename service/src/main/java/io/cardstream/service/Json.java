package io.cardstream.service;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The servers' one JSON mapper: the collector parses request bodies with it, the keys document is
 * read and written with it, and every {@link Reply} is built with it.
 */
public final class Json {

  /**
   * Decimals stay {@code BigDecimal}, so an amount reaches the validator as the client wrote it (no
   * binary rounding, no overflow to infinity before the validator can say so).
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          // Jackson would quote the input in its error messages; those reach the client.
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }
}
