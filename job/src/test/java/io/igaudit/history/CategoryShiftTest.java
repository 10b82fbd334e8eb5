package io.igaudit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CategoryShiftTest {

    private static CategoryShift.Share share(String column, long code, double share) {
        return new CategoryShift.Share(column, code, share);
    }

    @Test
    void theLargestChangeOfOneCategorysShareIsTheDistanceAndANewCategoryHadShareZero() {
        List<CategoryShift.Share> before = List.of(share("housing", 0, 0.5), share("housing", 1, 0.3), share("housing", 2, 0.2),
                share("job", 0, 1.0));
        List<CategoryShift.Share> now = List.of(share("housing", 0, 0.45), share("housing", 1, 0.15), share("housing", 2, 0.2),
                share("housing", 3, 0.2), share("job", 0, 1.0), share("purpose", 0, 1.0));
        List<CategoryShift> shifts = CategoryShift.compare(before, now);
        assertEquals(2, shifts.size(), "purpose is in this run only");
        CategoryShift housing = shifts.get(0);
        // |0.45−0.5| = 0.05, |0.15−0.3| = 0.15, 0, |0.2−0| = 0.2: code 3, new this run.
        assertEquals(0.2, housing.linf(), 1e-12);
        assertEquals(3, housing.code());
        assertEquals(0.0, housing.shareBefore(), 0.0);
        assertEquals(0.0, shifts.get(1).linf(), 0.0, "job did not move");
    }
}
