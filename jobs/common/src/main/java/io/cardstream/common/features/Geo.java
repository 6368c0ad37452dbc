package io.cardstream.common.features;

import static org.apache.spark.sql.functions.asin;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.radians;
import static org.apache.spark.sql.functions.sin;
import static org.apache.spark.sql.functions.sqrt;

import org.apache.spark.sql.Column;

/** Great-circle distance, in plain Java and as a Spark column, with the same formula. */
public final class Geo {

  static final double EARTH_RADIUS_KM = 6371.0;

  private Geo() {}

  public static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2))
                * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
  }

  public static Column haversineKm(Column lat1, Column lon1, Column lat2, Column lon2) {
    Column dLat = radians(lat2.minus(lat1));
    Column dLon = radians(lon2.minus(lon1));
    Column a =
        pow(sin(dLat.divide(2)), 2)
            .plus(
                cos(radians(lat1))
                    .multiply(cos(radians(lat2)))
                    .multiply(pow(sin(dLon.divide(2)), 2)));
    return lit(2 * EARTH_RADIUS_KM).multiply(asin(sqrt(a)));
  }
}
