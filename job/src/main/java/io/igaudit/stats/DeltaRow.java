package io.igaudit.stats;

import java.io.Serializable;
import java.util.List;

/**
 * One attributed row as the report lists it among the largest |delta|.
 *
 * @param ids its id column values, as text
 * @param target the output explained
 * @param prediction F(x) for the target
 * @param baselinePrediction F(x') for the target
 * @param delta its convergence delta
 */
public record DeltaRow(List<String> ids, int target, float prediction, float baselinePrediction, float delta)
        implements Serializable {}
