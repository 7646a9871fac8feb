package dev.sluice.node.smtp.receive;

/** The MAIL {@code BODY=} parameter: 7BIT (the default) or 8BITMIME (RFC 6152). */
public enum BodyType { SEVEN_BIT, EIGHT_BIT_MIME }
