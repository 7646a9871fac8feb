package dev.sluice.node.delivery.dsn;

import static dev.sluice.node.delivery.dsn.ParsedDsn.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.spool.Envelope;
import dev.sluice.node.spool.MailParameters;
import dev.sluice.node.spool.MailParameters.Ret;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.Recipient.Notify;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * For any recipients, NOTIFY, outcomes, subject and content: a DSN is written exactly when one is due, it
 * parses as a multipart/report, every line ends in CRLF within 998 octets, and its delivery-status part
 * lists exactly the recipients due, in order, with their actions.
 */
class DsnBuilderPropertyTest {
  private static final Instant RECEIVED = Instant.parse("2026-03-02T08:15:30Z");
  private static final List<Set<Notify>> NOTIFY = List.of(
      Set.of(), Set.of(Notify.NEVER), Set.of(Notify.SUCCESS), Set.of(Notify.FAILURE), Set.of(Notify.DELAY),
      Set.of(Notify.FAILURE, Notify.DELAY), Set.of(Notify.SUCCESS, Notify.FAILURE, Notify.DELAY));

  record Case(Envelope envelope, byte[] content, List<RecipientOutcome> outcomes, Optional<String> subject, int max) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<List<Recipient>> recipients = Combinators.combine(
            Arbitraries.strings().withChars("abcxyz.-_+=é中").ofMinLength(1).ofMaxLength(12),
            Arbitraries.of(NOTIFY), Arbitraries.of(true, false))
        .as((local, notify, orcpt) -> new Object[] {local, notify, orcpt})
        .list().ofMinSize(1).ofMaxSize(12)
        .map(specs -> {
          List<Recipient> out = new ArrayList<>();
          for (int i = 0; i < specs.size(); i++) {
            String address = specs.get(i)[0] + "." + i + "@example.com";
            @SuppressWarnings("unchecked")
            Set<Notify> notify = (Set<Notify>) specs.get(i)[1];
            Optional<String> orcpt = (Boolean) specs.get(i)[2] && HeaderText.isPrintableAscii(address)
                ? Optional.of("rfc822;" + address.replace("+", "+2B").replace("=", "+3D")) : Optional.empty();
            out.add(new Recipient(address, notify, orcpt));
          }
          return out;
        });
    // Whole code points: withChars would split the emoji into lone surrogates.
    Arbitrary<Optional<String>> subject = Arbitraries.of("abc", " ", "XYZ", ":", ";", ",", "(", ")", "<", "\"", "'",
            "-", "é", "üß", "中", "😀", "word".repeat(30))
        .list().ofMaxSize(60).map(pieces -> String.join("", pieces)).optional();
    Arbitrary<byte[]> body = Arbitraries.of("a", "b ", ".", "\r", "\n", "\r\n", "é", "\u0000", "x".repeat(700), "--")
        .list().ofMaxSize(60)
        .map(pieces -> String.join("", pieces).getBytes(StandardCharsets.UTF_8));
    Arbitrary<MailParameters> parameters = Combinators.combine(
            Arbitraries.of(Ret.FULL, Ret.HDRS).optional(),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).optional())
        .as((ret, envid) -> new MailParameters(Optional.empty(), false, envid, ret));
    Arbitrary<String> sender = Arbitraries.frequency(
        Tuple.of(1, ""), Tuple.of(5, "alice@contoso.com"), Tuple.of(2, "zoë@contoso.com"));
    return Combinators.combine(recipients, subject, body, parameters, sender, Arbitraries.integers().between(0, 5000),
            Arbitraries.longs())
        .as((rcpts, subj, content, params, from, max, seed) -> {
          Envelope envelope = new Envelope("MSG-P", from, rcpts, RECEIVED, "192.0.2.1", "client", Optional.empty(),
              "HUB1", "Default HUB1", params);
          byte[] message = message(subj, content);
          return new Case(envelope, message, outcomes(rcpts, new Random(seed)), subj, max);
        });
  }

  @Property(tries = 300)
  void aDsnIsWrittenExactlyWhenDueAndParsesWithTheRecipientsDue(@ForAll("cases") Case c) throws Exception {
    DsnBuilder builder = new DsnBuilder("hub1.contoso.com", c.max(), new Random(c.max()));
    List<RecipientOutcome> due = c.envelope().nullSender() ? List.of()
        : c.outcomes().stream().filter(DsnBuilderPropertyTest::asked).toList();

    Optional<Dsn> dsn =
        builder.build(c.envelope(), ByteBuffer.wrap(c.content()), c.outcomes(), RECEIVED.plusSeconds(60));

    assertThat(dsn.isPresent()).as("a DSN is due").isEqualTo(!due.isEmpty());
    Statistics.collect(dsn.isPresent() ? "written" : "none due");
    // Not vacuous: most cases must write a DSN, so that its form is what the property checks.
    Statistics.coverage(coverage -> coverage.check("written").percentage(p -> p > 30));
    if (dsn.isEmpty()) {
      return;
    }
    ParsedDsn parsed = ParsedDsn.parse(dsn.get());
    assertThat(dsn.get().recipient()).isEqualTo(c.envelope().sender());
    assertThat(parsed.perRecipient).hasSize(due.size());
    for (int i = 0; i < due.size(); i++) {
      RecipientOutcome expected = due.get(i);
      String address = expected.recipient().address();
      String finalRecipient = field(parsed.perRecipient.get(i), "Final-Recipient");
      if (HeaderText.isPrintableAscii(address)) {
        assertThat(finalRecipient).isEqualTo("rfc822; " + address);
      } else {
        assertThat(finalRecipient).startsWith("utf-8; ").matches("[\\x21-\\x7e ]+");
      }
      assertThat(field(parsed.perRecipient.get(i), "Action")).isEqualTo(expected.action().fieldValue());
      assertThat(field(parsed.perRecipient.get(i), "Status")).isEqualTo(expected.status());
      String orcpt = field(parsed.perRecipient.get(i), "Original-Recipient");
      assertThat(Optional.ofNullable(orcpt))
          .isEqualTo(expected.recipient().originalRecipient().map(given -> "rfc822; " + address));
    }
    boolean failed = due.stream().anyMatch(outcome -> outcome.action() == Action.FAILED);
    Optional<String> subject = c.subject().filter(s -> !s.isBlank());
    if (failed && subject.isPresent()) {
      assertThat(parsed.message.getSubject().replaceAll("\\s+", " "))
          .isEqualTo(("Undeliverable: " + subject.get().strip()).replaceAll("\\s+", " "));
    }
  }

  /** The NOTIFY rule of RFC 3461 section 4.1, with FAILURE,DELAY when none was given. */
  private static boolean asked(RecipientOutcome outcome) {
    Set<Notify> notify = outcome.recipient().dsnNotify();
    Notify kind = switch (outcome.action()) {
      case FAILED -> Notify.FAILURE;
      case DELAYED -> Notify.DELAY;
      case DELIVERED, RELAYED -> Notify.SUCCESS;
    };
    return notify.isEmpty() ? kind != Notify.SUCCESS : notify.contains(kind);
  }

  private static byte[] message(Optional<String> subject, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("From: alice@contoso.com\r\n".getBytes(StandardCharsets.US_ASCII));
    subject.ifPresent(s -> out.writeBytes(("Subject: " + s + "\r\n").getBytes(StandardCharsets.UTF_8)));
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Outcomes for a random subset of the recipients, each with a status that fits its action. */
  private static List<RecipientOutcome> outcomes(List<Recipient> recipients, Random random) {
    List<RecipientOutcome> outcomes = new ArrayList<>();
    String[] diagnostics = {"smtp; 550 5.1.1 no such user", "smtp; " + "long reply ".repeat(150),
        "X-Sluice; no connector for ünïcode", "smtp; 451 4.4.1 " + "z".repeat(1200), "smtp; tab\there"};
    for (Recipient recipient : recipients) {
      if (random.nextInt(4) == 0) {
        continue;
      }
      Action action = Action.values()[random.nextInt(Action.values().length)];
      String status = switch (action) {
        case FAILED -> random.nextBoolean() ? "5." + random.nextInt(8) + "." + random.nextInt(12) : "4.4.7";
        case DELAYED -> "4." + random.nextInt(8) + "." + random.nextInt(12);
        case DELIVERED, RELAYED -> "2.0.0";
      };
      Optional<String> remote =
          random.nextBoolean() ? Optional.of("mx" + random.nextInt(3) + ".example.com") : Optional.empty();
      Optional<String> diagnostic = random.nextBoolean()
          ? Optional.of(diagnostics[random.nextInt(diagnostics.length)]) : Optional.empty();
      Optional<Instant> until =
          action == Action.DELAYED ? Optional.of(RECEIVED.plusSeconds(172_800)) : Optional.empty();
      outcomes.add(new RecipientOutcome(recipient, action, status, remote, diagnostic, until));
    }
    return outcomes;
  }
}
