/* Small WAV files written byte by byte for the tests: PCM 16/24-bit, IEEE float, mu-law, truncated. */
package workbench.vggish;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

final class Wavs {
    private Wavs() {}

    /** A RIFF/WAVE file with a 16-byte fmt chunk and the given data bytes. */
    static byte[] wav(int formatTag, int channels, int rate, int bits, byte[] data) {
        int blockAlign = channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) formatTag).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        b.put("data".getBytes()).putInt(data.length).put(data);
        return b.array();
    }

    static byte[] pcm16(short[] interleaved) {
        ByteBuffer b = ByteBuffer.allocate(2 * interleaved.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : interleaved) b.putShort(s);
        return b.array();
    }

    static byte[] pcm24(int[] interleaved) {
        ByteBuffer b = ByteBuffer.allocate(3 * interleaved.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : interleaved) b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
        return b.array();
    }

    static byte[] float32(float[] interleaved) {
        ByteBuffer b = ByteBuffer.allocate(4 * interleaved.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : interleaved) b.putFloat(v);
        return b.array();
    }

    /** n samples of a 440 Hz tone at half scale, 16-bit mono. */
    static Path tone16(Path dir, String name, int rate, int n) throws IOException {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) s[i] = (short) Math.round(16384 * Math.sin(2 * Math.PI * 440 * i / rate));
        return write(dir.resolve(name), wav(1, 1, rate, 16, pcm16(s)));
    }

    static Path write(Path p, byte[] bytes) throws IOException {
        Files.write(p, bytes);
        return p;
    }
}
