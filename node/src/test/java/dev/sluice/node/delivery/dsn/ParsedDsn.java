package dev.sluice.node.delivery.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A DSN read back with Jakarta Mail (Angus), the independent parser: the message, its three parts, the
 * delivery-status field groups and the text. Construction fails the test when the octets are not a
 * well-formed multipart/report.
 */
final class ParsedDsn {
  final MimeMessage message;
  final MimeMultipart report;
  /** The human-readable part with its line breaks and indents made single spaces, as a reader sees it. */
  final String text;
  final InternetHeaders perMessage;
  final List<InternetHeaders> perRecipient;
  final Optional<BodyPart> returned;

  private ParsedDsn(byte[] content) throws MessagingException, IOException {
    message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(content));
    assertThat(message.getContentType()).startsWith("multipart/report");
    report = (MimeMultipart) message.getContent();
    assertThat(report.getCount()).isBetween(2, 3);
    BodyPart human = report.getBodyPart(0);
    assertThat(human.getContentType()).startsWith("text/plain");
    text = ((String) human.getContent()).replaceAll("\\s+", " ");
    BodyPart status = report.getBodyPart(1);
    assertThat(status.getContentType()).isEqualTo("message/delivery-status");
    List<InternetHeaders> groups = new ArrayList<>();
    try (InputStream in = status.getInputStream()) {
      String body = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      for (String group : body.split("\r\n\r\n")) {
        if (!group.isBlank()) {
          byte[] octets = (group + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
          groups.add(new InternetHeaders(new ByteArrayInputStream(octets)));
        }
      }
    }
    perMessage = groups.get(0);
    perRecipient = groups.subList(1, groups.size());
    returned = report.getCount() == 3 ? Optional.of(report.getBodyPart(2)) : Optional.empty();
  }

  static ParsedDsn parse(Dsn dsn) {
    byte[] content = dsn.content();
    assertLines(content);
    try {
      return new ParsedDsn(content);
    } catch (MessagingException e) {
      throw new AssertionError("the DSN does not parse: " + e, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every line ends with CRLF, no CR or LF stands alone, and no line holds more than 998 octets. */
  static void assertLines(byte[] content) {
    assertThat(content.length).isPositive();
    int length = 0;
    for (int i = 0; i < content.length; i++) {
      byte b = content[i];
      if (b == '\r') {
        assertThat(i + 1 < content.length && content[i + 1] == '\n').as("CR at %d is followed by LF", i).isTrue();
        assertThat(length).as("line ending at %d", i).isLessThanOrEqualTo(998);
        length = 0;
        i++;
      } else {
        assertThat(b).as("bare LF at %d", i).isNotEqualTo((byte) '\n');
        length++;
      }
    }
    assertThat(length).as("the last line ends with CRLF").isZero();
  }

  String header(String name) throws MessagingException {
    return message.getHeader(name, null);
  }

  /** A delivery-status field, unfolded. */
  static String field(InternetHeaders group, String name) {
    String value = group.getHeader(name, null);
    return value == null ? null : MimeUtility.unfold(value);
  }

  List<String> finalRecipients() {
    return perRecipient.stream().map(group -> field(group, "Final-Recipient")).toList();
  }

  /** The returned part's content as octets. */
  byte[] returnedOctets() throws IOException, MessagingException {
    try (InputStream in = returned.orElseThrow().getInputStream()) {
      return in.readAllBytes();
    }
  }
}
