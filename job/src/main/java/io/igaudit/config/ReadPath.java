package io.igaudit.config;

/**
 * A path the run reads, with the key that names it: the output folder must never hold one of
 * these, since overwriting or discarding the output would delete it.
 *
 * @param key the configuration key (or command-line option) that gives the path
 * @param path the path as configured
 */
public record ReadPath(String key, String path) {}
