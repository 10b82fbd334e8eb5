package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;

/** One token of a {@link TokenStats} table: its moments and how much of its total may be missing. */
final class TokenEntry implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    final long id;
    final String token;
    final boolean special;
    /** At most this much of the token's total |attribution| is missing from {@link #moments}. */
    double error;
    final GroupedMoments moments;
    /** The last row (a serial of the state that adds it) that held the token. */
    transient long lastRow;

    TokenEntry(long id, String token, boolean special, double error, GroupedMoments moments) {
        this.id = id;
        this.token = token;
        this.special = special;
        this.error = error;
        this.moments = moments;
    }

    /** The recorded total |attribution| over all rows: a lower bound of the true one. */
    double totalAbs() {
        return moments.all().sumAbs();
    }

    /** A copy holding no state of this one. */
    TokenEntry copy(double withError) {
        return new TokenEntry(id, token, special, withError, moments.copy());
    }
}
