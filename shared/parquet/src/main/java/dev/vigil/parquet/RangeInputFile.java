package dev.vigil.parquet;

import dev.vigil.core.cost.read.RandomAccessInput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} over any {@link RandomAccessInput} (a local file, or an S3 object read with ranged
 * GETs): no Hadoop FileSystem involved. Small reads (the footer, page headers) go through a 64 KB buffer; large
 * ones (column chunks) are read directly, one positional read each.
 */
public final class RangeInputFile implements InputFile {

    private final RandomAccessInput input;

    public RangeInputFile(RandomAccessInput input) {
        this.input = input;
    }

    @Override
    public long getLength() throws IOException {
        return input.length();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        return new Stream(input, input.length());
    }

    private static final class Stream extends SeekableInputStream {
        private static final int BUFFER = 64 * 1024;
        private final RandomAccessInput in;
        private final long length;
        private final byte[] buf = new byte[BUFFER];
        private long bufStart = -1;
        private int bufLen;
        private long pos;

        Stream(RandomAccessInput in, long length) {
            this.in = in;
            this.length = length;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) throws IOException {
            if (newPos < 0 || newPos > length) {
                throw new EOFException("seek to " + newPos + " outside [0, " + length + "]");
            }
            pos = newPos;
        }

        @Override
        public int read() throws IOException {
            if (pos >= length) {
                return -1;
            }
            if (bufStart < 0 || pos < bufStart || pos >= bufStart + bufLen) {
                fill();
            }
            return buf[(int) (pos++ - bufStart)] & 0xFF;
        }

        private void fill() throws IOException {
            int n = (int) Math.min(BUFFER, length - pos);
            in.readFully(pos, buf, 0, n);
            bufStart = pos;
            bufLen = n;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - pos);
            copy(b, off, n);
            return n;
        }

        private void copy(byte[] b, int off, int n) throws IOException {
            if (bufStart >= 0 && pos >= bufStart && pos + n <= bufStart + bufLen) {
                System.arraycopy(buf, (int) (pos - bufStart), b, off, n);
            } else if (n >= BUFFER / 2) {
                in.readFully(pos, b, off, n);
            } else {
                fill();
                System.arraycopy(buf, 0, b, off, n);
            }
            pos += n;
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            readFully(bytes, 0, bytes.length);
        }

        @Override
        public void readFully(byte[] bytes, int start, int len) throws IOException {
            if (pos + len > length) {
                throw new EOFException("read of " + len + " bytes at " + pos + " past the end (" + length + ")");
            }
            copy(bytes, start, len);
        }

        @Override
        public int read(ByteBuffer buf) throws IOException {
            int n = (int) Math.min(buf.remaining(), length - pos);
            if (n <= 0) {
                return buf.remaining() == 0 ? 0 : -1;
            }
            readInto(buf, n);
            return n;
        }

        @Override
        public void readFully(ByteBuffer buf) throws IOException {
            int n = buf.remaining();
            if (pos + n > length) {
                throw new EOFException("read of " + n + " bytes at " + pos + " past the end (" + length + ")");
            }
            readInto(buf, n);
        }

        private void readInto(ByteBuffer buf, int n) throws IOException {
            if (buf.hasArray()) {
                copy(buf.array(), buf.arrayOffset() + buf.position(), n);
                buf.position(buf.position() + n);
            } else {
                byte[] tmp = new byte[n];
                copy(tmp, 0, n);
                buf.put(tmp);
            }
        }

        @Override
        public void close() {
            // the RandomAccessInput is closed by its owner
        }
    }
}
