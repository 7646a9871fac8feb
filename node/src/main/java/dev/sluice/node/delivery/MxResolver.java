package dev.sluice.node.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.random.RandomGenerator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Where mail for a domain goes by DNS (RFC 5321 section 5.1): its MX hosts in preference order, hosts of
 * equal preference shuffled so that load spreads, each with its A and AAAA addresses as failover candidates;
 * the domain itself when it has no MX. A null MX (RFC 7505) and a domain that does not exist are permanent
 * failures; SERVFAIL, a refusal and a timeout are transient, so the mail waits and is tried again. Only the
 * {@value #MAX_MX_HOSTS} most preferred MX records are used; an MX that holds an IP address instead of a host
 * name is skipped, and a CNAME chain the resolver did not follow to its end (a loop) is transient, never
 * chased here. A truncated UDP answer is asked again over TCP by dnsjava itself.
 *
 * <p>Thread-safe when the resolver is (dnsjava's are). Blocking: it runs on a delivery thread, never an
 * event loop. The resolver is the node's {@code dns.servers} (or {@code dns.external-servers}).
 */
public final class MxResolver {
  /** What a lookup found. */
  public sealed interface Result {
    /** Hosts to try, in order; at least one with at least one address. */
    record Hosts(List<MxHost> hosts) implements Result {
      public Hosts {
        hosts = List.copyOf(hosts);
      }
    }

    /** No delivery is possible: a DSN ({@code 5.1.2} no such domain, {@code 5.1.10} null MX). */
    record Permanent(String reason, String enhancedStatus) implements Result {}

    /** Try again later. */
    record Transient(String reason) implements Result {}
  }

  /** One host to connect to: its name (what a certificate check uses), preference and addresses. */
  public record MxHost(String name, int preference, List<InetAddress> addresses) {
    public MxHost {
      addresses = List.copyOf(addresses);
    }
  }

  /** The MX records of a domain that are looked up and tried, in preference order. */
  static final int MAX_MX_HOSTS = 10;
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|.*:.*");

  private final Resolver resolver;
  private final RandomGenerator random;

  public MxResolver(Resolver resolver, RandomGenerator random) {
    this.resolver = Objects.requireNonNull(resolver, "a DNS resolver must be given");
    this.random = Objects.requireNonNull(random, "a random generator must be given");
  }

  /** The hosts that take mail for {@code domain}. */
  public Result resolve(String domain) {
    Name name;
    try {
      name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
    } catch (TextParseException e) {
      return new Result.Permanent("'" + domain + "' is not a domain name", "5.1.2");
    }
    Answer mx = query(name, Type.MX);
    if (mx.transientReason() != null) {
      return new Result.Transient(mx.transientReason());
    }
    if (mx.rcode() == Rcode.NXDOMAIN) {
      return new Result.Permanent("the domain " + domain + " does not exist (NXDOMAIN)", "5.1.2");
    }
    List<MXRecord> records = new ArrayList<>();
    for (Record r : mx.records()) {
      if (r instanceof MXRecord m) {
        records.add(m);
      }
    }
    if (records.isEmpty()) {
      // No MX: the domain itself is the one host, with preference 0 (RFC 5321 section 5.1).
      return implicitHost(name, "the domain " + domain + " has no MX and no A or AAAA record");
    }
    if (records.size() == 1 && records.get(0).getTarget().equals(Name.root)) {
      return new Result.Permanent("the domain " + domain + " accepts no mail (null MX, RFC 7505)", "5.1.10");
    }
    List<MXRecord> ordered = shuffledWithinPreference(records);
    // However many MX records a domain has, only the most preferred are looked up and tried.
    ordered = ordered.subList(0, Math.min(ordered.size(), MAX_MX_HOSTS));
    List<MxHost> hosts = new ArrayList<>();
    String lastProblem = null;
    for (MXRecord record : ordered) {
      if (record.getTarget().equals(Name.root)) {
        continue;
      }
      if (IP_ADDRESS.matcher(stripped(record.getTarget())).matches()) {
        // An MX names a host (RFC 1035 section 3.3.9); an address in its place is not connected to.
        lastProblem = "the MX host " + stripped(record.getTarget()) + " of " + domain + " is an address, not a host name";
        continue;
      }
      List<InetAddress> addresses = new ArrayList<>();
      String problem = addressesOf(record.getTarget(), addresses);
      if (problem != null) {
        lastProblem = problem;
      }
      if (!addresses.isEmpty()) {
        hosts.add(new MxHost(stripped(record.getTarget()), record.getPriority(), addresses));
      }
    }
    if (hosts.isEmpty()) {
      return new Result.Transient(lastProblem != null ? lastProblem
          : "no MX host of " + domain + " has an A or AAAA record");
    }
    return new Result.Hosts(hosts);
  }

  /** The A and AAAA addresses of host {@code hostName} (a smart host), as one host of preference 0. */
  public Result addresses(String hostName) {
    Name name;
    try {
      name = Name.fromString(hostName.endsWith(".") ? hostName : hostName + ".");
    } catch (TextParseException e) {
      return new Result.Permanent("'" + hostName + "' is not a host name", "5.1.2");
    }
    return implicitHost(name, hostName + " has no A or AAAA record");
  }

  /** {@code name} as the one host of preference 0, with its addresses; {@code none} when it has none. */
  private Result implicitHost(Name name, String none) {
    List<InetAddress> addresses = new ArrayList<>();
    String problem = addressesOf(name, addresses);
    if (problem != null) {
      return new Result.Transient(problem);
    }
    return addresses.isEmpty()
        ? new Result.Permanent(none, "5.1.2")
        : new Result.Hosts(List.of(new MxHost(stripped(name), 0, addresses)));
  }

  private List<MXRecord> shuffledWithinPreference(List<MXRecord> records) {
    List<MXRecord> ordered = new ArrayList<>(records);
    Collections.shuffle(ordered, new java.util.Random(random.nextLong()));
    // A stable sort keeps the shuffled order among equal preferences.
    ordered.sort(Comparator.comparingInt(MXRecord::getPriority));
    return ordered;
  }

  /** Adds the A then AAAA addresses of {@code host}; the reason when a lookup could not be answered. */
  private String addressesOf(Name host, List<InetAddress> into) {
    String problem = null;
    for (int type : new int[] {Type.A, Type.AAAA}) {
      Answer answer = query(host, type);
      if (answer.transientReason() != null) {
        problem = answer.transientReason();
        continue;
      }
      for (Record r : answer.records()) {
        if (r instanceof ARecord a) {
          into.add(a.getAddress());
        } else if (r instanceof AAAARecord aaaa) {
          into.add(aaaa.getAddress());
        }
      }
    }
    return into.isEmpty() ? problem : null;
  }

  private record Answer(int rcode, List<Record> records, String transientReason) {}

  private Answer query(Name name, int type) {
    Message response;
    try {
      response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
    } catch (IOException e) {
      return new Answer(-1, List.of(), "no answer for " + Type.string(type) + " " + name + ": " + e.getMessage());
    }
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      return new Answer(rcode, List.of(), Rcode.string(rcode) + " for " + Type.string(type) + " " + name);
    }
    List<Record> answer = response.getSection(Section.ANSWER);
    boolean aliased = answer.stream().anyMatch(r -> r instanceof CNAMERecord);
    if (aliased && type != Type.MX && answer.stream().noneMatch(r -> r.getType() == type)) {
      // An address lookup whose alias the resolver did not follow to its end (a CNAME loop, or a server that
      // does not recurse): nothing is known yet, which is not the same as nothing being there. (An MX lookup
      // that ends so goes on to the implicit MX, whose address lookup meets the same alias.)
      return new Answer(rcode, List.of(), "the CNAME chain of " + name + " ends in no " + Type.string(type) + " record");
    }
    return new Answer(rcode, answer, null);
  }

  private static String stripped(Name name) {
    String text = name.toString(true);
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }
}
