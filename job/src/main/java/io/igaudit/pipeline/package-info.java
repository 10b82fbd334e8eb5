/**
 * The driver: validate everything, then read, attribute on every executor, write, aggregate and
 * report. No maths and no DJL calls of its own.
 */
package io.igaudit.pipeline;
