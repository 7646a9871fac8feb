package dev.sluice.routing.address;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One address space of a connector: which recipients it routes, at what cost, and whether it is
 * scoped to the site of the connector's source servers.
 *
 * <p>Syntax (Exchange 2007 RTM and SP1): {@code [Local:][Type:]AddressSpace[;Cost]}; the type is SMTP by
 * default, the cost 1 to 100 with 1 by default. SMTP spaces are {@code *}, {@code contoso.com} (that
 * domain only), {@code *.contoso.com} (the domain and its subdomains) and {@code --} (the
 * organization's Authoritative and InternalRelay domains). Parse with {@link #parse} or
 * {@link #parseList}; {@link #toString} prints the canonical form {@code [Local:]TYPE:space;cost},
 * which parses back to an equal value.
 *
 * <p>Immutable and thread-safe. The constructor refuses a malformed space with
 * {@link AddressSpaceException}, so every instance is one the parser could have produced; the rules are
 * {@link AddressSpaceParser}'s.
 *
 * @param local RTM's {@code Local:} scope on this one space
 * @param type the address space type in upper case: {@code SMTP}, {@code X400} or any other letters and digits
 * @param address for SMTP the lower-case A-label form; for other types the text as given
 * @param cost 1 to 100, lower is better
 */
public record AddressSpace(boolean local, String type, String address, int cost) {
  public static final String SMTP = "SMTP";
  public static final String X400 = "X400";
  public static final int MIN_COST = 1;
  public static final int MAX_COST = 100;
  public static final int DEFAULT_COST = 1;
  /** The EdgeSync inbound connector's space: the organization's Authoritative and InternalRelay domains. */
  public static final String ORGANIZATION_DOMAINS = "--";

  /** Which recipients an SMTP address space stands for. */
  public enum SmtpForm {
    /** {@code *}: every domain. */
    ALL,
    /** {@code contoso.com}: that domain only. */
    DOMAIN,
    /** {@code *.contoso.com}: the domain and all its subdomains. */
    DOMAIN_AND_SUBDOMAINS,
    /** {@code --}: the organization's Authoritative and InternalRelay domains. */
    ORGANIZATION_DOMAINS
  }

  public AddressSpace {
    if (type == null || type.isBlank()) {
      throw new AddressSpaceException(String.valueOf(address), 0, "the address space type must not be empty");
    }
    type = AddressSpaceParser.checkType(type.strip(), type.strip(), 0);
    if (address == null || address.isEmpty()) {
      throw new AddressSpaceException("", 0, AddressSpaceParser.EMPTY_SPACE);
    }
    if (cost < MIN_COST || cost > MAX_COST) {
      throw new AddressSpaceException(
          address, 0, "the cost must be an integer from " + MIN_COST + " to " + MAX_COST + ", not " + cost);
    }
    address = type.equals(SMTP)
        ? AddressSpaceParser.normalizeSmtpAddress(address)
        : AddressSpaceParser.checkNonSmtp(type, address, address, 0);
  }

  /** An unscoped SMTP space of cost 1. */
  public static AddressSpace smtp(String address) {
    return new AddressSpace(false, SMTP, address, DEFAULT_COST);
  }

  /** An unscoped SMTP space. */
  public static AddressSpace smtp(String address, int cost) {
    return new AddressSpace(false, SMTP, address, cost);
  }

  /** Parses one entry in any of Exchange's forms (quotes allowed). */
  public static AddressSpace parse(String entry) {
    return AddressSpaceParser.parse(entry);
  }

  /** Parses a comma-separated list of entries, each optionally double-quoted. */
  public static List<AddressSpace> parseList(String text) {
    return AddressSpaceParser.parseList(text);
  }

  /** Prints a list in the canonical form, each entry double-quoted, separated by commas. */
  public static String printList(List<AddressSpace> spaces) {
    return spaces.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
  }

  public boolean isSmtp() {
    return type.equals(SMTP);
  }

  /** The form of an SMTP space; throws for other types. */
  public SmtpForm smtpForm() {
    if (!isSmtp()) {
      throw new IllegalStateException(type + " address space " + address + " has no SMTP form");
    }
    if (address.equals("*")) {
      return SmtpForm.ALL;
    }
    if (address.equals(ORGANIZATION_DOMAINS)) {
      return SmtpForm.ORGANIZATION_DOMAINS;
    }
    return address.startsWith("*.") ? SmtpForm.DOMAIN_AND_SUBDOMAINS : SmtpForm.DOMAIN;
  }

  /** For {@code contoso.com} and {@code *.contoso.com}, {@code contoso.com}; else the address itself. */
  public String domain() {
    return isSmtp() && address.startsWith("*.") ? address.substring(2) : address;
  }

  /** This space with another cost. */
  public AddressSpace withCost(int newCost) {
    return new AddressSpace(local, type, address, newCost);
  }

  /** The canonical form: {@code [Local:]TYPE:space;cost}. */
  @Override
  public String toString() {
    return (local ? "Local:" : "") + type + ":" + address + ";" + cost;
  }
}
