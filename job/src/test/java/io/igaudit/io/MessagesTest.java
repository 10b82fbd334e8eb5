package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

/** A missing file's message shows where a relative path was looked for. */
class MessagesTest {

    @Test
    void aRelativePathIsShownAsTheFullPathLookedFor() throws Exception {
        FileSystem local = FileSystem.getLocal(new Configuration(false));
        org.apache.hadoop.fs.Path relative = new org.apache.hadoop.fs.Path("models/m.pt");
        String message = Messages.missing("model.path", "models/m.pt", local, relative);
        String where = Path.of("").toAbsolutePath().resolve("models/m.pt").toString();
        assertTrue(message.startsWith("model.path models/m.pt does not exist (looked for file:" + where + ")"), message);
        assertEquals("model.path /data/m.pt does not exist; check the path",
                Messages.missing("model.path", "/data/m.pt", local, new org.apache.hadoop.fs.Path("/data/m.pt")));
    }
}
