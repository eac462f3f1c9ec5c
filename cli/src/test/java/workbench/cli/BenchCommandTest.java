/*
 * The bench command validates, times and reports: one small row, naive and vectorized, as text and
 * as JSON records with the fields the dashboard reads.
 */
package workbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @Test
    void one_row_prints_naive_and_vectorized_with_peak_and_writes_json(@TempDir Path tmp) throws IOException {
        Path json = tmp.resolve("bench.json");
        CliRunner r = CliRunner.run("bench", "--only", "conv3x3-512-512-7", "--reps", "2", "--threads", "1", "--no-pytorch",
                "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("FMA peak (measured").contains("conv3x3-512-512-7").contains("naive").contains("vectorized")
                .contains("PyTorch rows: skipped");
        String text = Files.readString(json);
        assertThat(text).contains("\"name\": \"conv3x3-512-512-7\"").contains("\"impl\": \"naive\"").contains("\"impl\": \"vectorized\"")
                .contains("\"threads\": 1").contains("\"median_ms\"").contains("\"gflops\"").contains("\"pct_peak\"");
    }

    @Test
    void an_unknown_row_lists_the_known_ones() {
        CliRunner r = CliRunner.run("bench", "--only", "resnet51", "--no-pytorch");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("unknown bench row 'resnet51'").contains("resnet50").contains("sgemm-1024");
    }
}
