package io.igaudit.pipeline;

import java.io.Serial;

/**
 * The input's selection holds no row (input.where selects none): not an error, and nothing is
 * written, not even a history row. The job says so in one line and exits with 0.
 */
public final class NothingToAudit extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** @param why what selected no row */
    public NothingToAudit(String why) {
        super(why, null, false, false);
    }
}
