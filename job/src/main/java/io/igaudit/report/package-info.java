/**
 * The human-facing report: {@code report.html}, one self-contained page (inline SVG and CSS, no
 * scripts, no network) with the run's metadata, global and per-class importance, a beeswarm
 * summary, attribution maps when rows are images, the convergence delta, drift against an earlier
 * run and the fail-on checks. Pure Java: it renders a {@link io.igaudit.report.ReportModel} that
 * the pipeline fills.
 */
package io.igaudit.report;
