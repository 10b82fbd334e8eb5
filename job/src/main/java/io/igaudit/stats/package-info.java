/** Per-feature statistics of the attributions, computed in one scan. */
package io.igaudit.stats;
