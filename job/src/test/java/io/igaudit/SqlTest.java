package io.igaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** scripts/sql.sh's statement files. */
class SqlTest {

    @Test
    void statementsEndWithASemicolonAtALineEndAndCommentLinesAreSkipped() {
        String text = "-- a comment; with a semicolon;\nCREATE NAMESPACE x;\nSELECT 'a;b'\n  FROM t;\n\nSELECT 1";
        assertEquals(List.of("CREATE NAMESPACE x", "SELECT 'a;b'\n  FROM t", "SELECT 1"), Sql.split(text));
    }
}
