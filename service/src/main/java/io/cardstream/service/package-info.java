/**
 * The shell the project's web servers stand on: {@link io.cardstream.service.WebServer} runs one,
 * {@link io.cardstream.service.ServiceMain} its JVM, {@link io.cardstream.service.ServerConfig}
 * holds what every server is told, the API keys ({@link io.cardstream.service.ApiKeys}, {@link
 * io.cardstream.service.ReloadingKeyStore}) say who may call, and {@link
 * io.cardstream.service.Reply} and {@link io.cardstream.service.ApiProblem} are the answers.
 */
package io.cardstream.service;
