package dev.sluice.routing.address;

import dev.sluice.routing.model.AcceptedDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Finds the address spaces that match a recipient, most specific first, without scanning them.
 *
 * <p>Immutable once built and safe to share between threads; {@link #match} never throws for a
 * malformed recipient, it matches nothing. Specificity: a domain of n labels is 2n+1 exact
 * ({@code contoso.com}: 5) and 2n as {@code *.} ({@code *.contoso.com}: 4, matching the domain itself
 * and all its subdomains); {@code *} is 0. {@code --} stands, at build time, for each accepted domain
 * whose type is an organization domain (Authoritative, InternalRelay), at that domain's specificity,
 * and its match carries the {@code --} entry (once, at its most specific). An IMCEA recipient
 * ({@link Imcea}) matches the non-SMTP spaces of its type ({@link NonSmtpIndex}: 1000 and above, so
 * first) and then, as Exchange routes it when no such space matches, the SMTP spaces of its domain.
 * Ties keep the order of the entries given to {@link #build}; breaking them (by cost and so on) is the
 * caller's.
 *
 * <p>The recipient is {@code local@domain}: the domain is what follows the last '@', compared in
 * lower-case A-label form without a trailing dot; no '@', or a domain that is not a valid name,
 * matches nothing.
 *
 * @param <T> what each indexed address space belongs to (a connector)
 */
public final class AddressSpaceIndex<T> {
  /** One address space and what it belongs to. */
  public record Entry<T>(AddressSpace space, T value) {
    public Entry {
      Objects.requireNonNull(space, "address space of an index entry must be given");
      Objects.requireNonNull(value, () -> "owner of address space " + space + " must be given");
    }
  }

  /**
   * One matching entry.
   *
   * @param entry the space and its owner
   * @param specificity higher is more specific; comparable across SMTP forms
   */
  public record Match<T>(Entry<T> entry, int specificity) {
    public Match {
      Objects.requireNonNull(entry, "matching entry must be given");
    }
  }

  private final DomainTrie<T> smtp;
  private final NonSmtpIndex<T> nonSmtp;
  private final int size;

  private AddressSpaceIndex(DomainTrie<T> smtp, NonSmtpIndex<T> nonSmtp, int size) {
    this.smtp = smtp;
    this.nonSmtp = nonSmtp;
    this.size = size;
  }

  /**
   * Indexes {@code entries}, expanding {@code --} into the organization domains among
   * {@code acceptedDomains} ({@code contoso.com} or {@code *.contoso.com}).
   *
   * @throws IllegalArgumentException when an accepted domain is not a valid SMTP address space
   */
  public static <T> AddressSpaceIndex<T> build(List<Entry<T>> entries, List<AcceptedDomain> acceptedDomains) {
    List<String> organizationDomains = organizationDomains(acceptedDomains);
    DomainTrie<T> smtp = new DomainTrie<>();
    NonSmtpIndex<T> nonSmtp = new NonSmtpIndex<>();
    for (Entry<T> entry : Objects.requireNonNull(entries, "index entries must be given")) {
      AddressSpace space = Objects.requireNonNull(entry, "index entries must not hold a null").space();
      if (!space.isSmtp()) {
        nonSmtp.add(entry);
      } else if (space.smtpForm() == AddressSpace.SmtpForm.ORGANIZATION_DOMAINS) {
        organizationDomains.forEach(domain -> addSmtp(smtp, domain, entry));
      } else {
        addSmtp(smtp, space.address(), entry);
      }
    }
    smtp.freeze();
    nonSmtp.freeze();
    return new AddressSpaceIndex<>(smtp, nonSmtp, entries.size());
  }

  /** Adds a normalized {@code *}, {@code *.domain} or {@code domain}. */
  private static <T> void addSmtp(DomainTrie<T> smtp, String space, Entry<T> entry) {
    boolean wildcard = space.startsWith("*");
    smtp.add(wildcard ? space.substring(Math.min(2, space.length())) : space, wildcard, entry);
  }

  private static List<String> organizationDomains(List<AcceptedDomain> acceptedDomains) {
    List<String> domains = new ArrayList<>();
    for (AcceptedDomain domain : Objects.requireNonNull(acceptedDomains, "accepted domains must be given")) {
      if (!domain.type().isOrganizationDomain()) {
        continue;
      }
      String name = AddressSpaceParser.normalizeSmtpAddress(domain.domainName());
      if (name.equals(AddressSpace.ORGANIZATION_DOMAINS)) {
        throw new IllegalArgumentException("accepted domain '--' is not a domain: give contoso.com or *.contoso.com");
      }
      domains.add(name);
    }
    return domains;
  }

  /** Every entry matching {@code recipient} (an SMTP address, possibly IMCEA-encapsulated), most specific first. */
  public List<Match<T>> match(String recipient) {
    int at = recipient == null ? -1 : recipient.lastIndexOf('@');
    if (at < 0) {
      return List.of();
    }
    int end = recipient.length();
    if (end > at + 1 && recipient.charAt(end - 1) == '.') {
      end--;
    }
    List<Match<T>> byDomain = smtp.lookup(recipient, at + 1, end);
    if (byDomain == null) {
      String ascii = DomainName.toAsciiOrNull(recipient, at + 1, end);
      byDomain = ascii == null ? null : smtp.lookup(ascii, 0, ascii.length());
      if (byDomain == null) {
        return List.of();
      }
    }
    if (nonSmtp.isEmpty() || !Imcea.hasPrefix(recipient)) {
      return byDomain;
    }
    Optional<EncapsulatedAddress> encapsulated = Imcea.decode(recipient);
    List<Match<T>> byType = encapsulated.isEmpty() ? List.of() : nonSmtp.match(encapsulated.get());
    if (byType.isEmpty()) {
      return byDomain;
    }
    List<Match<T>> all = new ArrayList<>(byType.size() + byDomain.size());
    all.addAll(byType);
    all.addAll(byDomain);
    return Collections.unmodifiableList(all);
  }

  /**
   * What {@link #match} answers, turned once per distinct answer into a code by a compiler: for a
   * caller that precomputes per answer (the routing table packs its candidates and keeps where).
   * The recipient's domain then costs one probe per label and the code is read in the last slot
   * probed, with no object in between.
   *
   * <p>Immutable and thread-safe. An answer made on the spot (an IMCEA recipient whose type matches
   * a non-SMTP space) has no code: {@link #match} says {@link #ON_THE_SPOT} and {@link #matches} gives it.
   *
   * @param <T> the owner type of the index
   */
  public static final class Compiled<T> {
    /** What {@link #match} gives for an answer that is not precomputed: ask {@link #matches}. */
    public static final int ON_THE_SPOT = -1;

    private final AddressSpaceIndex<T> index;
    private final DomainTable table;
    private final int nothing;

    private Compiled(AddressSpaceIndex<T> index, ToIntFunction<List<Match<T>>> compiler) {
      this.index = index;
      this.nothing = code(compiler, List.of());
      List<List<Match<T>>> answers = index.smtp.answers();
      int[] codes = new int[answers.size()];
      for (int i = 0; i < codes.length; i++) {
        codes[i] = code(compiler, answers.get(i));
      }
      this.table = index.smtp.table().recoded(codes);
    }

    private static <T> int code(ToIntFunction<List<Match<T>>> compiler, List<Match<T>> answer) {
      int code = compiler.applyAsInt(answer);
      if (code < 0) {
        throw new IllegalArgumentException("an answer must compile to a code of 0 or more, not " + code);
      }
      return code;
    }

    /** The code of {@code index.match(recipient)}, or {@link #ON_THE_SPOT}. */
    public int match(String recipient) {
      int at = recipient == null ? -1 : recipient.lastIndexOf('@');
      if (at < 0) {
        return nothing;
      }
      if (!index.nonSmtp.isEmpty() && Imcea.hasPrefix(recipient)) {
        return ON_THE_SPOT;
      }
      int end = recipient.length();
      if (end > at + 1 && recipient.charAt(end - 1) == '.') {
        end--;
      }
      int found = table.lookup(recipient, at + 1, end);
      if (found == DomainTable.INVALID) {
        String ascii = DomainName.toAsciiOrNull(recipient, at + 1, end);
        found = ascii == null ? DomainTable.INVALID : table.lookup(ascii, 0, ascii.length());
      }
      return found == DomainTable.INVALID ? nothing : found;
    }

    /** Every entry matching {@code recipient}, as {@link AddressSpaceIndex#match} gives them. */
    public List<Match<T>> matches(String recipient) {
      return index.match(recipient);
    }
  }

  /**
   * Builds an index and compiles its answers with {@code compiler}, which gives each distinct answer
   * a code of 0 or more.
   */
  public static <T> Compiled<T> buildCompiled(
      List<Entry<T>> entries, List<AcceptedDomain> acceptedDomains, ToIntFunction<List<Match<T>>> compiler) {
    return new Compiled<>(build(entries, acceptedDomains), compiler);
  }

  /** How many entries were indexed. */
  public int size() {
    return size;
  }
}
