/**
 * The front door: the HTTP collector, the operators' control API, the customers' feedback links and
 * the analysts' review-queue API.
 */
package io.cardstream.ingest;
