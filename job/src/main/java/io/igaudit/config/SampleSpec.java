package io.igaudit.config;

/**
 * input.sample: which share of the input's rows the run audits. A row is kept when a hash of its
 * id columns (or of the columns the job reads) and the seed, mapped to [0, 1), is below the
 * fraction, so a rerun audits the same rows whatever the partitioning.
 *
 * @param fraction the share of rows kept, in (0, 1]; 1 keeps every row (no sampling)
 * @param seed mixed into the hash: another seed selects other rows
 */
public record SampleSpec(double fraction, long seed) {

    /** Rejects a fraction outside (0, 1]. */
    public SampleSpec {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new ConfigException("input.sample.fraction must be above 0 and at most 1 (1 = every row), got "
                    + fraction + "; e.g. input.sample.fraction = 0.01 audits about 1 % of the rows");
        }
    }

    /** Whether the run audits a sample rather than every row. */
    public boolean sampled() {
        return fraction < 1;
    }
}
