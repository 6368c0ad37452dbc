package io.cardstream.service;

import java.util.Locale;

/** What an API key may do. */
public enum Role {
  /** {@code POST /collector/transactions}. */
  COLLECTOR,
  /** The admin routes: flags and rules. */
  ADMIN,
  /** The review-queue API: {@code /cases}. */
  ANALYST;

  /** The name in the keys file. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException when {@code name} is not a role
   */
  public static Role parse(String name) {
    for (Role r : values()) {
      if (r.wireName().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + name + "'; use one of collector, admin, analyst");
  }
}
