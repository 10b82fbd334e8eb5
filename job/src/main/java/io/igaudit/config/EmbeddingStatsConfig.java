package io.igaudit.config;

import java.util.Optional;

/**
 * How the statistics of token and category inputs are kept and shown ({@code output.token-stats},
 * {@code input.category-names}).
 *
 * @param tokenCapacity C: ordinary tokens a task keeps after it drops the smallest totals (it holds
 *     at most 2·C); bounds the memory and sets the token table's error (docs/output.md)
 * @param minOccurrences occurrences a token needs in a group to be ranked by mean |attribution|
 *     (and to be compared between runs)
 * @param categoryNames a JSON file naming each categorical column's codes (local path or Hadoop
 *     URI), if any
 */
public record EmbeddingStatsConfig(int tokenCapacity, long minOccurrences, Optional<String> categoryNames) {}
