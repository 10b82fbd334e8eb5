/** IG Audit's entry point: parse the command line, run the audit, map the outcome to an exit code. */
package io.igaudit;
