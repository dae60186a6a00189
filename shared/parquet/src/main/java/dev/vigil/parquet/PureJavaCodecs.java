package dev.vigil.parquet;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.codec.CompressionCodecNotSupportedException;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet page codecs without Hadoop: parquet-hadoop's own CodecFactory builds a Hadoop {@code Configuration} for
 * every codec, which drags in the 30 MB hadoop-client-runtime. Here SNAPPY, ZSTD and LZ4_RAW are aircompressor's
 * pure-Java codecs (no native library to extract at cold start, same code on arm64 and x86), GZIP is the JDK's.
 * That is what lets the billing function ship only hadoop-client-api, for linking.
 */
public final class PureJavaCodecs implements CompressionCodecFactory {

    /**
     * One page: {@code src[off, off + len)} decompressed to exactly {@code size} bytes (the uncompressed codec
     * returns a view of the input). What {@link ParquetExportDecoder} calls, page by page.
     */
    static ByteBuffer decompress(CompressionCodecName codec, byte[] src, int off, int len, int size)
            throws IOException {
        Decompressor d = switch (codec) {
            case UNCOMPRESSED -> null;
            case SNAPPY -> new SnappyDecompressor();
            case ZSTD -> new ZstdDecompressor();
            case LZ4_RAW -> new Lz4Decompressor();
            case GZIP -> null;
            default -> throw new org.apache.parquet.io.ParquetDecodingException("Parquet codec " + codec
                    + " is not supported (supported: uncompressed, snappy, gzip, zstd, lz4_raw)");
        };
        if (codec == CompressionCodecName.UNCOMPRESSED) {
            return ByteBuffer.wrap(src, off, len).slice();
        }
        byte[] out = new byte[size];
        int n;
        if (d == null) {
            n = 0;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(src, off, len), 64 * 1024)) {
                int r;
                while (n < size && (r = in.read(out, n, size - n)) > 0) {
                    n += r;
                }
            }
        } else {
            n = d.decompress(src, off, len, out, 0, size);
        }
        if (n != size) {
            throw new IOException("page decompressed to " + n + " bytes, expected " + size);
        }
        return ByteBuffer.wrap(out);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Block(null);
            case SNAPPY -> new Block(new SnappyDecompressor());
            case ZSTD -> new Block(new ZstdDecompressor());
            case LZ4_RAW -> new Block(new Lz4Decompressor());
            case GZIP -> new Gzip();
            default -> throw new CompressionCodecNotSupportedException(codec.getParquetCompressionCodec() == null
                    ? null : codecClass(codec));
        };
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Out(codec, null);
            case SNAPPY -> new Out(codec, new SnappyCompressor());
            case ZSTD -> new Out(codec, new ZstdCompressor());
            case LZ4_RAW -> new Out(codec, new Lz4Compressor());
            case GZIP -> new Out(codec, null);
            default -> throw new CompressionCodecNotSupportedException(codecClass(codec));
        };
    }

    private static Class<?> codecClass(CompressionCodecName codec) {
        return PureJavaCodecs.class;
    }

    @Override
    public void release() {
    }

    /** A block codec: one compressed page in, one page out. */
    private static final class Block implements BytesInputDecompressor {
        private final Decompressor d;

        Block(Decompressor d) {
            this.d = d;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            if (d == null) {
                return bytes;
            }
            byte[] in = bytes.toByteArray();
            byte[] out = new byte[uncompressedSize];
            int n = d.decompress(in, 0, in.length, out, 0, out.length);
            if (n != uncompressedSize) {
                throw new IOException("page decompressed to " + n + " bytes, expected " + uncompressedSize);
            }
            return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            ByteBuffer in = input.duplicate();
            in.limit(in.position() + compressedSize);
            if (d == null) {
                output.put(in);
                return;
            }
            byte[] src = new byte[compressedSize];
            in.get(src);
            byte[] dst = new byte[uncompressedSize];
            d.decompress(src, 0, compressedSize, dst, 0, uncompressedSize);
            output.put(dst);
        }

        @Override
        public void release() {
        }
    }

    private static final class Gzip implements BytesInputDecompressor {
        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            byte[] out = new byte[uncompressedSize];
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes.toByteArray()), 64 * 1024)) {
                int off = 0;
                while (off < out.length) {
                    int n = in.read(out, off, out.length - off);
                    if (n < 0) {
                        break;
                    }
                    off += n;
                }
                if (off != uncompressedSize) {
                    throw new IOException("gzip page decompressed to " + off + " bytes, expected " + uncompressedSize);
                }
            }
            return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] src = new byte[compressedSize];
            input.duplicate().get(src);
            output.put(decompress(BytesInput.from(src), uncompressedSize).toByteArray());
        }

        @Override
        public void release() {
        }
    }

    /** Compressors: only the tests write Parquet, but a symmetric factory keeps the writer off Hadoop too. */
    private static final class Out implements BytesInputCompressor {
        private final CompressionCodecName name;
        private final Compressor c;

        Out(CompressionCodecName name, Compressor c) {
            this.name = name;
            this.c = c;
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            byte[] in = bytes.toByteArray();
            if (name == CompressionCodecName.UNCOMPRESSED) {
                return BytesInput.from(in);
            }
            if (name == CompressionCodecName.GZIP) {
                ByteArrayOutputStream b = new ByteArrayOutputStream(in.length / 2 + 64);
                try (GZIPOutputStream g = new GZIPOutputStream(b)) {
                    g.write(in);
                }
                return BytesInput.from(b.toByteArray());
            }
            byte[] out = new byte[c.maxCompressedLength(in.length)];
            int n = c.compress(in, 0, in.length, out, 0, out.length);
            return BytesInput.from(out, 0, n);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return name;
        }

        @Override
        public void release() {
        }
    }
}
