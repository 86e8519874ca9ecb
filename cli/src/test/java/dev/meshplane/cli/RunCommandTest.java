package dev.meshplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** How long a scheduled mesh run waits after failures that may pass by themselves. */
class RunCommandTest {

    @Test
    void failuresInARowDoubleTheWaitUpToAnHour() {
        Duration every = Duration.ofSeconds(1);

        assertThat(RunCommand.nextWait(every, 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RunCommand.nextWait(every, 1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RunCommand.nextWait(every, 5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(RunCommand.nextWait(every, 40)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theWaitIsPrintedAsASchedule() {
        assertThat(RunCommand.written(Duration.ofSeconds(32))).isEqualTo("32s");
        assertThat(RunCommand.written(Duration.ofMinutes(30))).isEqualTo("30m");
        assertThat(RunCommand.written(Duration.ofHours(1))).isEqualTo("1h");
    }

    @Test
    void aScheduleLongerThanAnHourIsNeverShortened() {
        assertThat(RunCommand.nextWait(Duration.ofDays(1), 3)).isEqualTo(Duration.ofDays(1));
    }
}
