package io.igaudit.config;

/**
 * A column of raw text that the executors tokenize ({@code input.text}).
 *
 * @param column the text column
 * @param tokenizer the Hugging Face {@code tokenizer.json}: local path or Hadoop URI
 * @param maxLength tokens per row after padding or truncation
 * @param addSpecialTokens whether the tokenizer adds its special tokens ([CLS], [SEP], ...)
 */
public record TextConfig(String column, String tokenizer, int maxLength, boolean addSpecialTokens) {}
