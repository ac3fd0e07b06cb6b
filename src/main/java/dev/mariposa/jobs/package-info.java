/**
 * Role jobs: {@code JobsVerticle} runs named jobs ({@code BuiltInJobs}: health with the memory
 * alert, cleanup, performance snapshot) once per period across the cluster, claiming each period
 * in Redis, and records every run in {@code job:<name>} and on {@code jobs.<name>}.
 */
package dev.mariposa.jobs;
