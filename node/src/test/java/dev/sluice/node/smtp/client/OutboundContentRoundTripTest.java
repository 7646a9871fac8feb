package dev.sluice.node.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.smtp.codec.ContentBuffer;
import dev.sluice.node.smtp.codec.DataReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.smtp.LastSmtpContent;
import java.io.ByteArrayOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The client's DATA framing read back by the node's own receiving code ({@link DataReader}): whatever the
 * content, the data ends exactly where the client ended it, and what arrives is the content with its line
 * ends made CRLF and a final CRLF.
 */
class OutboundContentRoundTripTest {
  @Provide
  Arbitrary<byte[]> content() {
    return Arbitraries.of((byte) 'a', (byte) '.', (byte) '\r', (byte) '\n', (byte) ' ', (byte) 0)
        .list().ofMaxSize(200).map(list -> {
          byte[] out = new byte[list.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
          }
          return out;
        });
  }

  /** The content as it should arrive: every CR, LF or CRLF one CRLF, and a CRLF at the end of a last line. */
  private static byte[] expected(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean lineStart = true;
    for (int i = 0; i < content.length; i++) {
      byte b = content[i];
      if (b == '\r' || b == '\n') {
        out.write('\r');
        out.write('\n');
        if (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
          i++;
        }
        lineStart = true;
      } else {
        out.write(b);
        lineStart = false;
      }
    }
    if (!lineStart) {
      out.write('\r');
      out.write('\n');
    }
    return out.toByteArray();
  }

  @Property(tries = 1000)
  void theReceiverEndsTheDataWhereTheClientDidAndGetsTheContentBack(@ForAll("content") byte[] content) {
    LastSmtpContent data = OutboundContent.data(content, ByteBufAllocator.DEFAULT);
    // On the wire: the content, then the encoder's ".<CRLF>"; the receiver starts at a line start (after DATA).
    ByteBuf wire = Unpooled.wrappedBuffer(data.content(), Unpooled.copiedBuffer(new byte[] {'.', '\r', '\n'}));
    DataReader reader = new DataReader(new ContentBuffer(1 << 20));

    int end = reader.feed(wire);
    ContentBuffer.Result received = reader.finish();

    assertThat(end).as("the end of data").isEqualTo(wire.writerIndex() - 1);
    // The receiver keeps the CRLF before the final dot as the last line's end.
    byte[] expected = expected(content);
    assertThat(received.content().toByteArray()).isEqualTo(expected);
    assertThat(received.bareLineEnding()).isFalse();
    wire.release();
  }
}
