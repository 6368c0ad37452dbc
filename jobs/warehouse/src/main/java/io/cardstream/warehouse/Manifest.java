package io.cardstream.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redshift COPY manifest: the exact list of files one load reads, so a half-written or stray file
 * in the staging prefix is never loaded. PostgresDialect reads the same file.
 *
 * <pre>{"entries":[{"url":"s3://bucket/…/part-00000.csv.gz","mandatory":true,
 *                   "meta":{"content_length":1234}}]}</pre>
 */
public record Manifest(List<Entry> entries) {

  public static final String FILE_NAME = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One data file: its URL as the warehouse reads it and its size in bytes. */
  public record Entry(String url, long contentLength) {
    public Entry {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("manifest entry without url");
      }
      if (contentLength < 0) {
        throw new IllegalArgumentException("negative content_length for " + url);
      }
    }
  }

  public Manifest {
    entries = List.copyOf(entries);
  }

  public long totalBytes() {
    return entries.stream().mapToLong(Entry::contentLength).sum();
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("entries");
    for (Entry e : entries) {
      ObjectNode n = list.addObject();
      n.put("url", e.url());
      n.put("mandatory", true);
      n.putObject("meta").put("content_length", e.contentLength());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Manifest parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("manifest is not JSON: " + e.getMessage(), e);
    }
    JsonNode list = root == null ? null : root.get("entries");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("manifest has no \"entries\" array");
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonNode n : list) {
      JsonNode url = n.get("url");
      if (url == null || !url.isTextual()) {
        throw new IllegalArgumentException("manifest entry without \"url\": " + n);
      }
      entries.add(new Entry(url.asText(), n.path("meta").path("content_length").asLong(0)));
    }
    return new Manifest(entries);
  }

  /**
   * The URL the warehouse uses for a file the lake wrote: Redshift only understands {@code s3://},
   * while Spark on EMR may write through {@code s3a://} (or the old {@code s3n://}).
   */
  public static String warehouseUrl(String hadoopUri) {
    if (hadoopUri.startsWith("s3a://")) {
      return "s3://" + hadoopUri.substring("s3a://".length());
    }
    if (hadoopUri.startsWith("s3n://")) {
      return "s3://" + hadoopUri.substring("s3n://".length());
    }
    return hadoopUri;
  }
}
