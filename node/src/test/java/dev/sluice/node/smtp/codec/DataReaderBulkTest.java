package dev.sluice.node.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The bulk path of {@link DataReader} (text runs between line ends copied at once) against the octet-by-octet
 * path, over random content rich in dots, CRs, LFs and NULs, cut into random reads, with limits that cut it.
 */
class DataReaderBulkTest {
  @Provide
  Arbitrary<byte[]> content() {
    return Arbitraries.of((byte) 'a', (byte) 'b', (byte) '.', (byte) '\r', (byte) '\n', (byte) 0, (byte) 'x')
        .list().ofMaxSize(300).map(list -> {
          byte[] out = new byte[list.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
          }
          return out;
        });
  }

  private record Outcome(int end, ContentBuffer.Result result) {}

  private static Outcome octetByOctet(byte[] input, long limit) {
    DataReader reader = new DataReader(new ContentBuffer(limit));
    for (int i = 0; i < input.length; i++) {
      if (reader.feed(input[i])) {
        return new Outcome(i, reader.finish());
      }
    }
    return new Outcome(-1, reader.finish());
  }

  private static Outcome inReads(byte[] input, long limit, List<Integer> cuts) {
    DataReader reader = new DataReader(new ContentBuffer(limit));
    int from = 0;
    List<Integer> ends = new ArrayList<>(cuts);
    ends.add(input.length);
    for (int to : ends) {
      to = Math.max(from, Math.min(to, input.length));
      // A buffer that does not start at index 0, as Netty's reads do not.
      ByteBuf read = Unpooled.buffer(to - from + 7).writeZero(7).writeBytes(input, from, to - from);
      read.readerIndex(7);
      int end = reader.feed(read);
      if (end >= 0) {
        return new Outcome(from + end - 7, reader.finish());
      }
      from = to;
    }
    return new Outcome(-1, reader.finish());
  }

  @Property(tries = 1000)
  void bulkReadsGiveWhatOctetByOctetGives(@ForAll("content") byte[] input,
      @ForAll("cuts") List<Integer> cuts, @ForAll("limits") long limit) {
    Outcome expected = octetByOctet(input, limit);
    Outcome actual = inReads(input, limit, cuts);

    assertThat(actual.end()).isEqualTo(expected.end());
    assertThat(actual.result().size()).isEqualTo(expected.result().size());
    assertThat(actual.result().exceeded()).isEqualTo(expected.result().exceeded());
    assertThat(actual.result().bareLineEnding()).isEqualTo(expected.result().bareLineEnding());
    assertThat(actual.result().longestLine()).isEqualTo(expected.result().longestLine());
    assertThat(actual.result().content().toByteArray()).isEqualTo(expected.result().content().toByteArray());
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 300).list().ofMaxSize(6).map(list -> list.stream().sorted().toList());
  }

  @Provide
  Arbitrary<Long> limits() {
    return Arbitraries.of(0L, 5L, 64L, 10_000L);
  }
}
