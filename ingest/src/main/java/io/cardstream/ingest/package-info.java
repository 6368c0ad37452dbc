/** The front door: the HTTP collector and the operators' control API. */
package io.cardstream.ingest;
