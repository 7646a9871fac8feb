package dev.sluice.node.smtp.receive;

import dev.sluice.node.smtp.SmtpReply;
import dev.sluice.node.smtp.codec.MessageContent;
import dev.sluice.routing.HopCount;
import dev.sluice.routing.firewall.Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks of a received message's header block before it is stored: its size ({@code limits.max-header-bytes},
 * {@code 552 5.3.4}), its hops (Received fields past the Receive connector's MaxHopCount, {@code 554 5.4.0},
 * RFC 5321 section 6.3, catalogue row 32), and its hops within this organization (Received fields whose
 * {@code by} names one of its servers, past MaxLocalHopCount, {@code 554 5.4.0}: a loop between our own
 * nodes shows there long before the total reaches its limit).
 *
 * <p>Immutable and thread-safe. Reads only the header section, never the body. The total is counted as the
 * header firewall counts it ({@link Headers#countReceived}), so that what one lets through the other sees.
 *
 * @param maxHeaderBytes octets of the header section, line ends included
 * @param maxHopCount Received fields a message may already carry
 * @param maxLocalHopCount Received fields by this organization's servers it may already carry
 * @param localServers the FQDNs of this organization's transport servers (any case)
 */
public record ContentLimits(int maxHeaderBytes, int maxHopCount, int maxLocalHopCount, Set<String> localServers) {
  public static final SmtpReply HEADER_TOO_LARGE = SmtpReply.of(552, "5.3.4", "Message header too large");

  public ContentLimits {
    if (maxHeaderBytes < 1 || maxHopCount < 1 || maxLocalHopCount < 0) {
      throw new IllegalArgumentException("limits.max-header-bytes and MaxHopCount must be at least 1 and "
          + "MaxLocalHopCount at least 0, not " + maxHeaderBytes + ", " + maxHopCount + " and " + maxLocalHopCount);
    }
    localServers = localServers.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  /** The refusal of {@code content}, or empty when it may be stored. */
  public Optional<SmtpReply> check(MessageContent content) {
    byte[] header = content.headerBlock();
    if (header.length > maxHeaderBytes) {
      return Optional.of(HEADER_TOO_LARGE);
    }
    Optional<SmtpReply> tooMany = HopCount.check(Headers.countReceived(header), maxHopCount)
        .map(failed -> SmtpReply.of(554, "5.4.0", "Too many hops: " + failed.reason()));
    if (tooMany.isPresent()) {
      return tooMany;
    }
    long local = byHosts(header).stream().filter(localServers::contains).count();
    if (local > maxLocalHopCount) {
      return Optional.of(SmtpReply.of(554, "5.4.0", "Too many hops within the organization: the message has " + local
          + " Received headers by its servers, more than the MaxLocalHopCount of " + maxLocalHopCount
          + ": it is probably looping between them"));
    }
    return Optional.empty();
  }

  /** The {@code by} hosts of the Received fields of a header block. */
  private static List<String> byHosts(byte[] header) {
    List<String> hosts = new ArrayList<>();
    // ISO-8859-1 maps every octet to one char, so 8-bit junk cannot fail the decoding.
    String text = new String(header, StandardCharsets.ISO_8859_1);
    StringBuilder field = new StringBuilder();
    for (String line : text.split("\r\n")) {
      if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
        field.append(line);
        continue;
      }
      byHost(field).ifPresent(hosts::add);
      field.setLength(0);
      field.append(line);
    }
    byHost(field).ifPresent(hosts::add);
    return hosts;
  }

  private static Optional<String> byHost(CharSequence field) {
    String text = field.toString();
    int colon = text.indexOf(':');
    if (colon < 0 || !text.substring(0, colon).strip().equalsIgnoreCase("Received")) {
      return Optional.empty();
    }
    String[] words = withoutComments(text.substring(colon + 1)).strip().split("[ \t]+");
    for (int i = 0; i + 1 < words.length; i++) {
      if (words[i].equalsIgnoreCase("by")) {
        return Optional.of(words[i + 1].replaceAll(";$", "").toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  // RFC 5322 section 3.2.2: comments nest, and a "by" inside one ("(envelope-from by ...)") is no clause.
  private static String withoutComments(String value) {
    StringBuilder out = new StringBuilder(value.length());
    int depth = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && depth > 0) {
        i++;
      } else if (c == '(') {
        depth++;
        out.append(' ');
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
